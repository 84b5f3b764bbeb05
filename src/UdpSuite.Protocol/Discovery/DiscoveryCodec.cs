using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Protocol.Discovery;

/// <summary>
/// Encodes and decodes the two discovery datagrams (docs/PROTOCOL.md, "LAN discovery"):
/// <code>
/// DISCOVER        "UC" 01 41 | nonce (8) | zero padding to 48 bytes
/// DISCOVER_REPLY  "UC" 01 42 | nonce (8) | name (u8 length + UTF-8, ≤ 64) | family (u8: 0 reached-at, 4, 6) | address (0/4/16)
///                 | count (u8) | count × (kind u8, port u16) | server key (32)
/// </code>
/// Integers are big-endian. Readers ignore bytes after the key (room for later fields; version-1 readers, which stop
/// after the endpoints, still read a new answer). Pure: no sockets, no clock.
/// </summary>
public static class DiscoveryCodec
{
    private const int NonceOffset = ChatWire.PrefixLength;

    /// <summary>Writes a DISCOVER with <paramref name="nonce"/>, padded to <see cref="DiscoveryWire.ProbeLength"/>; returns that length.</summary>
    public static int WriteProbe(Span<byte> destination, ulong nonce)
    {
        Span<byte> probe = destination[..DiscoveryWire.ProbeLength];
        probe.Clear();
        ChatPrefix.Write(probe, ChatMessageType.Discover);
        BinaryPrimitives.WriteUInt64BigEndian(probe[NonceOffset..], nonce);
        return DiscoveryWire.ProbeLength;
    }

    /// <summary>Classifies a datagram received on the discovery port; for a probe, <paramref name="nonce"/> is its nonce.</summary>
    public static DiscoveryProbeVerdict ReadProbe(ReadOnlySpan<byte> datagram, out ulong nonce)
    {
        nonce = 0;
        if (!ChatPrefix.TryRead(datagram, out ChatMessageType type) || type != ChatMessageType.Discover)
        {
            return DiscoveryProbeVerdict.NotProbe;
        }

        if (datagram.Length < DiscoveryWire.ProbeLength)
        {
            return DiscoveryProbeVerdict.TooShort;
        }

        nonce = BinaryPrimitives.ReadUInt64BigEndian(datagram[NonceOffset..]);
        return DiscoveryProbeVerdict.Probe;
    }

    /// <summary>
    /// Writes the DISCOVER_REPLY for <paramref name="answer"/> (name cut to 64 bytes, at most
    /// <see cref="DiscoveryWire.MaxEndpoints"/> endpoints, a 32-byte key); returns its length, never above
    /// <see cref="DiscoveryWire.MaxAnswerLength"/>.
    /// </summary>
    public static int WriteAnswer(Span<byte> destination, DiscoveryAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Endpoints.Count > DiscoveryWire.MaxEndpoints)
        {
            throw new ArgumentException($"at most {DiscoveryWire.MaxEndpoints} endpoints fit one answer", nameof(answer));
        }

        if (answer.ServerKey.Length != DiscoveryWire.ServerKeyLength)
        {
            throw new ArgumentException($"the server key is {DiscoveryWire.ServerKeyLength} bytes, not {answer.ServerKey.Length}", nameof(answer));
        }

        var writer = new WireWriter(destination);
        writer.Prefix(ChatMessageType.DiscoverReply);
        writer.WriteUInt64(answer.Nonce);
        string name = TruncateUtf8(answer.ServerName, DiscoveryWire.MaxServerNameBytes);
        writer.Name(name);
        WriteAddress(ref writer, answer.Address);
        writer.Byte((byte)answer.Endpoints.Count);
        foreach (DiscoveryEndpoint endpoint in answer.Endpoints)
        {
            writer.Byte((byte)endpoint.Kind);
            writer.WriteUInt16(endpoint.Port);
        }

        writer.Bytes(answer.ServerKey.Span);
        return writer.Position;
    }

    /// <summary>Overwrites the nonce of an encoded DISCOVER_REPLY (the server keeps one encoded answer and stamps each probe's nonce in).</summary>
    public static void StampNonce(Span<byte> answer, ulong nonce) => BinaryPrimitives.WriteUInt64BigEndian(answer[NonceOffset..], nonce);

    /// <summary>
    /// Decodes a DISCOVER_REPLY; false for anything else, a malformed one, or one without the server key (an older
    /// server, whose chat listener this client could not talk to). Endpoints of unknown kinds are kept as they are.
    /// </summary>
    public static bool TryReadAnswer(ReadOnlySpan<byte> datagram, out DiscoveryAnswer answer)
    {
        answer = null!;
        if (!ChatPrefix.TryRead(datagram, out ChatMessageType type) || type != ChatMessageType.DiscoverReply)
        {
            return false;
        }

        var reader = new WireReader(datagram[ChatWire.PrefixLength..]);
        if (!reader.TryUInt64(out ulong nonce)
            || !reader.TryName(DiscoveryWire.MaxServerNameBytes, out string name)
            || !TryReadAddress(ref reader, out IPAddress? address)
            || !reader.TryByte(out byte count)
            || count > DiscoveryWire.MaxEndpoints)
        {
            return false;
        }

        var endpoints = new DiscoveryEndpoint[count];
        for (int i = 0; i < count; i++)
        {
            if (!reader.TryByte(out byte kind) || !reader.TryUInt16(out ushort port))
            {
                return false;
            }

            endpoints[i] = new DiscoveryEndpoint((DiscoveryEndpointKind)kind, port);
        }

        if (!reader.TryBytes(DiscoveryWire.ServerKeyLength, out ReadOnlySpan<byte> serverKey))
        {
            return false; // a version-1 answer (no key) or a truncated one
        }

        answer = new DiscoveryAnswer(nonce, name, address, endpoints, serverKey.ToArray());
        return true;
    }

    /// <summary>The longest prefix of <paramref name="text"/> whose UTF-8 form fits <paramref name="maxBytes"/>, cut between characters.</summary>
    public static string TruncateUtf8(string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        int bytes = 0;
        int chars = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            chars += rune.Utf16SequenceLength;
        }

        return chars == text.Length ? text : text[..chars];
    }

    private static void WriteAddress(ref WireWriter writer, IPAddress? address)
    {
        if (address is null || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            writer.Byte(DiscoveryWire.AddressReachedAt);
            return;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        writer.Byte(address.AddressFamily == AddressFamily.InterNetwork ? DiscoveryWire.AddressIPv4 : DiscoveryWire.AddressIPv6);
        writer.Bytes(bytes[..written]);
    }

    private static bool TryReadAddress(ref WireReader reader, out IPAddress? address)
    {
        address = null;
        if (!reader.TryByte(out byte family))
        {
            return false;
        }

        int length = family switch
        {
            DiscoveryWire.AddressReachedAt => 0,
            DiscoveryWire.AddressIPv4 => 4,
            DiscoveryWire.AddressIPv6 => 16,
            _ => -1,
        };
        if (length < 0 || !reader.TryBytes(length, out ReadOnlySpan<byte> bytes))
        {
            return false;
        }

        address = length == 0 ? null : new IPAddress(bytes);
        return true;
    }
}
