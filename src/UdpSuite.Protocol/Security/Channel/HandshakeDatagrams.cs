using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Protocol.Security.Channel;

/// <summary>A parsed INITIATION: views into the datagram (no copy).</summary>
public readonly ref struct Initiation
{
    public Initiation(ulong handshakeId, ReadOnlySpan<byte> noiseMessage, ReadOnlySpan<byte> cookie)
    {
        HandshakeId = handshakeId;
        NoiseMessage = noiseMessage;
        Cookie = cookie;
    }

    public ulong HandshakeId { get; }

    /// <summary>Noise message 1: the client's 32-byte ephemeral public key.</summary>
    public ReadOnlySpan<byte> NoiseMessage { get; }

    /// <summary>Empty, or the 16-byte cookie echoed from a COOKIE_REPLY.</summary>
    public ReadOnlySpan<byte> Cookie { get; }
}

/// <summary>A parsed RESPONSE: the handshake id and Noise message 2 (a view into the datagram).</summary>
public readonly ref struct Response
{
    public Response(ulong handshakeId, ReadOnlySpan<byte> noiseMessage)
    {
        HandshakeId = handshakeId;
        NoiseMessage = noiseMessage;
    }

    public ulong HandshakeId { get; }

    public ReadOnlySpan<byte> NoiseMessage { get; }
}

/// <summary>
/// Layouts of the clear handshake datagrams (INITIATION, COOKIE_REPLY, RESPONSE) and of the RESPONSE's sealed payload.
/// Readers never throw: a malformed datagram reads as false and is dropped like a lost one.
/// </summary>
public static class HandshakeDatagrams
{
    /// <summary>Offset of the cookie length byte in an INITIATION.</summary>
    private const int CookieLengthOffset = ChannelWire.PrefixLength + ChannelWire.HandshakeIdLength + NoiseConstants.DhLength;

    /// <summary>Offset of Noise message 2 in a RESPONSE.</summary>
    public const int ResponseNoiseOffset = ChannelWire.PrefixLength + ChannelWire.HandshakeIdLength;

    /// <summary>
    /// INITIATION: prefix | handshake id (u64) | e (32) | cookie length (u8: 0 or 16) | cookie | zeros to 1200 bytes.
    /// Returns 1200.
    /// </summary>
    public static int WriteInitiation(Span<byte> destination, ulong handshakeId, ReadOnlySpan<byte> noiseMessage, ReadOnlySpan<byte> cookie)
    {
        if (noiseMessage.Length != NoiseConstants.DhLength)
        {
            throw new ArgumentException($"NX message 1 is {NoiseConstants.DhLength} bytes.", nameof(noiseMessage));
        }

        if (!cookie.IsEmpty && cookie.Length != ChannelWire.CookieLength)
        {
            throw new ArgumentException($"A cookie is {ChannelWire.CookieLength} bytes.", nameof(cookie));
        }

        Span<byte> datagram = destination[..ChannelWire.InitiationLength];
        datagram.Clear();
        ChannelPrefix.Write(datagram, ChannelDatagramType.Initiation);
        BinaryPrimitives.WriteUInt64BigEndian(datagram[ChannelWire.PrefixLength..], handshakeId);
        noiseMessage.CopyTo(datagram[(ChannelWire.PrefixLength + ChannelWire.HandshakeIdLength)..]);
        datagram[CookieLengthOffset] = (byte)cookie.Length;
        cookie.CopyTo(datagram[(CookieLengthOffset + 1)..]);
        return ChannelWire.InitiationLength;
    }

    /// <summary>Reads an INITIATION: exactly 1200 bytes, cookie length 0 or 16, all padding zero.</summary>
    public static bool TryReadInitiation(ReadOnlySpan<byte> datagram, out Initiation initiation)
    {
        initiation = default;
        if (datagram.Length != ChannelWire.InitiationLength
            || ChannelPrefix.Classify(datagram, out ChannelDatagramType type) != PrefixKind.Version2
            || type != ChannelDatagramType.Initiation)
        {
            return false;
        }

        int cookieLength = datagram[CookieLengthOffset];
        if (cookieLength != 0 && cookieLength != ChannelWire.CookieLength)
        {
            return false;
        }

        int paddingStart = CookieLengthOffset + 1 + cookieLength;
        if (datagram[paddingStart..].ContainsAnyExcept((byte)0))
        {
            return false;
        }

        initiation = new Initiation(
            BinaryPrimitives.ReadUInt64BigEndian(datagram[ChannelWire.PrefixLength..]),
            datagram.Slice(ChannelWire.PrefixLength + ChannelWire.HandshakeIdLength, NoiseConstants.DhLength),
            datagram.Slice(CookieLengthOffset + 1, cookieLength));
        return true;
    }

    /// <summary>COOKIE_REPLY: prefix | handshake id (u64) | cookie (16) = 28 bytes.</summary>
    public static int WriteCookieReply(Span<byte> destination, ulong handshakeId, ReadOnlySpan<byte> cookie)
    {
        if (cookie.Length != ChannelWire.CookieLength)
        {
            throw new ArgumentException($"A cookie is {ChannelWire.CookieLength} bytes.", nameof(cookie));
        }

        ChannelPrefix.Write(destination, ChannelDatagramType.CookieReply);
        BinaryPrimitives.WriteUInt64BigEndian(destination[ChannelWire.PrefixLength..], handshakeId);
        cookie.CopyTo(destination[(ChannelWire.PrefixLength + ChannelWire.HandshakeIdLength)..]);
        return ChannelWire.CookieReplyLength;
    }

    public static bool TryReadCookieReply(ReadOnlySpan<byte> datagram, out ulong handshakeId, out ReadOnlySpan<byte> cookie)
    {
        handshakeId = 0;
        cookie = default;
        if (datagram.Length != ChannelWire.CookieReplyLength
            || ChannelPrefix.Classify(datagram, out ChannelDatagramType type) != PrefixKind.Version2
            || type != ChannelDatagramType.CookieReply)
        {
            return false;
        }

        handshakeId = BinaryPrimitives.ReadUInt64BigEndian(datagram[ChannelWire.PrefixLength..]);
        cookie = datagram[(ChannelWire.PrefixLength + ChannelWire.HandshakeIdLength)..];
        return true;
    }

    /// <summary>RESPONSE header: prefix | handshake id; Noise message 2 follows at <see cref="ResponseNoiseOffset"/>.</summary>
    public static void WriteResponseHeader(Span<byte> destination, ulong handshakeId)
    {
        ChannelPrefix.Write(destination, ChannelDatagramType.Response);
        BinaryPrimitives.WriteUInt64BigEndian(destination[ChannelWire.PrefixLength..], handshakeId);
    }

    public static bool TryReadResponse(ReadOnlySpan<byte> datagram, out Response response)
    {
        response = default;
        if (datagram.Length <= ResponseNoiseOffset || datagram.Length > ChannelWire.MaxDatagram
            || ChannelPrefix.Classify(datagram, out ChannelDatagramType type) != PrefixKind.Version2
            || type != ChannelDatagramType.Response)
        {
            return false;
        }

        response = new Response(BinaryPrimitives.ReadUInt64BigEndian(datagram[ChannelWire.PrefixLength..]), datagram[ResponseNoiseOffset..]);
        return true;
    }

    /// <summary>The RESPONSE's Noise payload: session id (u64) | server name (u8 length, 1-64 bytes UTF-8).</summary>
    public static int WriteResponsePayload(Span<byte> destination, ulong sessionId, string serverName)
    {
        int nameLength = Encoding.UTF8.GetByteCount(serverName);
        if (nameLength is 0 or > ChannelWire.MaxServerNameBytes)
        {
            throw new ArgumentException($"The server name is 1-{ChannelWire.MaxServerNameBytes} bytes of UTF-8.", nameof(serverName));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, sessionId);
        destination[8] = (byte)nameLength;
        Encoding.UTF8.GetBytes(serverName, destination[9..]);
        return 9 + nameLength;
    }

    public static bool TryReadResponsePayload(ReadOnlySpan<byte> payload, out ulong sessionId, out string serverName)
    {
        sessionId = 0;
        serverName = string.Empty;
        if (payload.Length < 10 || payload[8] == 0 || payload[8] > ChannelWire.MaxServerNameBytes || payload.Length != 9 + payload[8])
        {
            return false;
        }

        ReadOnlySpan<byte> name = payload[9..];
        if (!Utf8.IsValid(name))
        {
            return false;
        }

        sessionId = BinaryPrimitives.ReadUInt64BigEndian(payload);
        serverName = Encoding.UTF8.GetString(name);
        return true;
    }
}
