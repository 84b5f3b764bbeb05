using System.Text;
using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Protocol.Security.Channel;

/// <summary>What a PROBE_REPLY says: the server's static public key and its name.</summary>
public sealed record ProbeAnswer(byte[] ServerPublicKey, string ServerName)
{
    /// <summary>The key as OpenSSH-style fingerprint, e.g. <c>SHA256:...</c>.</summary>
    public ServerKeyFingerprint Fingerprint => ServerKeyFingerprint.Of(ServerPublicKey);
}

/// <summary>
/// The clear PROBE / PROBE_REPLY of version 2. The probe is padded to <see cref="ProbeLength"/> bytes so its answer
/// (at most <see cref="MaxProbeReplyLength"/>) stays within 3x of it; anything else is malformed. Unauthenticated: the
/// key in a reply is something to compare with a pin, never a reason to trust.
/// <code>
/// PROBE        prefix (type 0x08) | 44 zero bytes                           = 48 bytes
/// PROBE_REPLY  prefix (type 0x09) | public key (32) | u8 length | name      ≤ 101 bytes
/// </code>
/// </summary>
public static class ProbeDatagrams
{
    /// <summary>Every PROBE is exactly this long.</summary>
    public const int ProbeLength = 48;

    /// <summary>Prefix, key, name length and the longest name.</summary>
    public const int MaxProbeReplyLength = ChannelWire.PrefixLength + NoiseConstants.DhLength + 1 + ChannelWire.MaxServerNameBytes;

    public static int WriteProbe(Span<byte> destination)
    {
        destination[..ProbeLength].Clear();
        ChannelPrefix.Write(destination, ChannelDatagramType.Probe);
        return ProbeLength;
    }

    /// <summary>A well-formed PROBE: the right length and zero padding.</summary>
    public static bool IsProbe(ReadOnlySpan<byte> datagram) =>
        datagram.Length == ProbeLength
        && ChannelPrefix.Classify(datagram, out ChannelDatagramType type) == PrefixKind.Version2 && type == ChannelDatagramType.Probe
        && !datagram[ChannelWire.PrefixLength..].ContainsAnyExcept((byte)0);

    public static int WriteProbeReply(Span<byte> destination, ReadOnlySpan<byte> serverPublicKey, string serverName)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        if (serverPublicKey.Length != NoiseConstants.DhLength)
        {
            throw new ArgumentException($"The server key is {NoiseConstants.DhLength} bytes.", nameof(serverPublicKey));
        }

        int nameLength = Encoding.UTF8.GetByteCount(serverName);
        if (nameLength is < 1 or > ChannelWire.MaxServerNameBytes)
        {
            throw new ArgumentException($"The server name is 1-{ChannelWire.MaxServerNameBytes} bytes of UTF-8.", nameof(serverName));
        }

        ChannelPrefix.Write(destination, ChannelDatagramType.ProbeReply);
        serverPublicKey.CopyTo(destination[ChannelWire.PrefixLength..]);
        int at = ChannelWire.PrefixLength + NoiseConstants.DhLength;
        destination[at] = (byte)nameLength;
        Encoding.UTF8.GetBytes(serverName, destination[(at + 1)..]);
        return at + 1 + nameLength;
    }

    public static bool TryReadProbeReply(ReadOnlySpan<byte> datagram, out ProbeAnswer? answer)
    {
        answer = null;
        const int NameAt = ChannelWire.PrefixLength + NoiseConstants.DhLength + 1;
        if (datagram.Length < NameAt + 1 || ChannelPrefix.Classify(datagram, out ChannelDatagramType type) != PrefixKind.Version2
            || type != ChannelDatagramType.ProbeReply)
        {
            return false;
        }

        int nameLength = datagram[NameAt - 1];
        ReadOnlySpan<byte> name = datagram[NameAt..];
        if (nameLength is < 1 or > ChannelWire.MaxServerNameBytes || name.Length != nameLength || !System.Text.Unicode.Utf8.IsValid(name))
        {
            return false;
        }

        answer = new ProbeAnswer(datagram.Slice(ChannelWire.PrefixLength, NoiseConstants.DhLength).ToArray(), Encoding.UTF8.GetString(name));
        return true;
    }
}
