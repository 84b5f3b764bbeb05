using System.Text;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Client.Chat;

/// <summary>
/// The version-2 PROBE / PROBE_REPLY framing (clear, unauthenticated): PROBE is exactly 48 bytes (prefix, type 0x08,
/// then 44 zero bytes, so a reply never amplifies); PROBE_REPLY (type 0x09) is prefix | server public key (32) |
/// name (u8 length + 1-64 bytes of UTF-8).
/// </summary>
internal static class ProbeDatagramReader
{
    public const byte ProbeType = 0x08;
    public const byte ProbeReplyType = 0x09;
    public const int ProbeLength = 48;
    private const int KeyLength = 32;

    /// <summary>The 48-byte PROBE.</summary>
    public static byte[] CreateProbe()
    {
        var probe = new byte[ProbeLength];
        probe[0] = ChatWire.Magic0;
        probe[1] = ChatWire.Magic1;
        probe[2] = ChannelWire.Version;
        probe[3] = ProbeType;
        return probe;
    }

    /// <summary>Reads a PROBE_REPLY; false for anything else (wrong prefix, length or name).</summary>
    public static bool TryReadProbeReply(ReadOnlySpan<byte> datagram, out ServerProbe? reply)
    {
        reply = null;
        const int NameAt = ChannelWire.PrefixLength + KeyLength;
        if (ChannelPrefix.Classify(datagram, out ChannelDatagramType type) != PrefixKind.Version2 || (byte)type != ProbeReplyType
            || datagram.Length < NameAt + 2)
        {
            return false;
        }

        int nameLength = datagram[NameAt];
        ReadOnlySpan<byte> name = datagram[(NameAt + 1)..];
        if (nameLength == 0 || nameLength > ChannelWire.MaxServerNameBytes || name.Length != nameLength || !System.Text.Unicode.Utf8.IsValid(name))
        {
            return false;
        }

        reply = new ServerProbe(Encoding.UTF8.GetString(name), datagram[ChannelWire.PrefixLength..NameAt].ToArray());
        return true;
    }
}
