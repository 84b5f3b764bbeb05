namespace UdpSuite.Protocol.Lan;

/// <summary>Constants of the IP Messenger wire format.</summary>
public static class IpMsgWire
{
    /// <summary>UDP (and TCP, for files) port every IP Messenger, FeiQ and iptux uses.</summary>
    public const int DefaultPort = 2425;

    /// <summary>Largest packet read or written: bigger ones are dropped (IP Messenger's own limit is 8 KB too).</summary>
    public const int MaxPacket = 8192;

    /// <summary>
    /// Our version field. It must start with "1" (the protocol version): FeiQ and IP Messenger ignore peers whose
    /// version field does not; the rest names the program.
    /// </summary>
    public const string Version = "1_udpsuite 2.0";

    /// <summary>The default legacy code page for peers that do not announce UTF-8: GB18030, a superset of GBK.</summary>
    public const string DefaultLegacyEncoding = "GB18030";

    /// <summary>The longest decimal field read (a 64-bit number has 20 digits).</summary>
    internal const int MaxNumberDigits = 20;
}
