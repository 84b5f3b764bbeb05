namespace UdpSuite.Protocol.Security.Channel;

/// <summary>The fourth byte of a version-2 chat datagram: which clear framing follows.</summary>
public enum ChannelDatagramType : byte
{
    /// <summary>C→S, clear, exactly 1200 bytes: Noise NX message 1 (the client's ephemeral key) and an optional cookie.</summary>
    Initiation = 0x01,

    /// <summary>S→C, clear, 28 bytes: "repeat your INITIATION with this cookie" (address validation under load).</summary>
    CookieReply = 0x02,

    /// <summary>S→C: Noise NX message 2 (server ephemeral and static keys, sealed session id and server name).</summary>
    Response = 0x03,

    /// <summary>C→S, clear, exactly 48 bytes (prefix and zeros): "who are you?", answerable without an account.</summary>
    Probe = 0x08,

    /// <summary>S→C, clear: the server's static public key and name (a hint to compare with a pin, not a proof).</summary>
    ProbeReply = 0x09,

    /// <summary>Both ways: one AEAD-sealed message; its real type is encrypted inside.</summary>
    Transport = 0x10,
}
