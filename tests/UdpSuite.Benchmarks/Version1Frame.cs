using System.Buffers.Binary;
using System.Security.Cryptography;

using UdpSuite.Protocol.Chat;

namespace UdpSuite.Benchmarks;

/// <summary>
/// Protocol version 1's authenticated datagram, kept only as the benchmarks' baseline for version 2's sealing: prefix,
/// session id (8), sequence number (8), body, then the first 16 bytes of HMAC-SHA256(direction key, everything before
/// the MAC). No program speaks it any more.
/// </summary>
internal static class Version1Frame
{
    /// <summary>Prefix, session id and sequence number.</summary>
    private const int HeaderLength = ChatWire.PrefixLength + 16;

    /// <summary>HMAC-SHA256 truncated to 128 bits.</summary>
    private const int MacLength = 16;

    /// <summary>The direction key.</summary>
    public const int KeyLength = 32;

    /// <summary>Where a body starts inside a datagram buffer; write the body there, then call <see cref="Seal"/>.</summary>
    public static Span<byte> BodyArea(Span<byte> datagram) => datagram[HeaderLength..(ChatWire.MaxDatagram - MacLength)];

    /// <summary>Fills in prefix, session, sequence and MAC around a body of <paramref name="bodyLength"/> bytes already in <see cref="BodyArea"/>; returns the datagram length.</summary>
    public static int Seal(Span<byte> datagram, ChatMessageType type, ulong sessionId, ulong sequence, int bodyLength, ReadOnlySpan<byte> key)
    {
        if ((uint)bodyLength > ChatWire.MaxDatagram - HeaderLength - MacLength)
        {
            throw new ArgumentOutOfRangeException(nameof(bodyLength), bodyLength, "body too large for one datagram");
        }

        ChatPrefix.Write(datagram, type);
        BinaryPrimitives.WriteUInt64BigEndian(datagram[4..], sessionId);
        BinaryPrimitives.WriteUInt64BigEndian(datagram[12..], sequence);
        int macAt = HeaderLength + bodyLength;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, datagram[..macAt], mac);
        mac[..MacLength].CopyTo(datagram[macAt..]);
        return macAt + MacLength;
    }

    /// <summary>The session id of an authenticated datagram, read before the key is known (to find the key).</summary>
    public static bool TryPeekSession(ReadOnlySpan<byte> datagram, out ulong sessionId)
    {
        sessionId = 0;
        if (datagram.Length < HeaderLength + MacLength)
        {
            return false;
        }

        sessionId = BinaryPrimitives.ReadUInt64BigEndian(datagram[4..]);
        return true;
    }

    /// <summary>
    /// Checks the MAC in constant time; on success gives the sequence number and body. A datagram whose MAC
    /// fails was forged or altered (or sent under another session's id) and must be dropped and counted.
    /// </summary>
    public static bool TryOpen(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> key, out ulong sequence, out ReadOnlySpan<byte> body)
    {
        sequence = 0;
        body = default;
        if (datagram.Length < HeaderLength + MacLength || datagram.Length > ChatWire.MaxDatagram)
        {
            return false;
        }

        int macAt = datagram.Length - MacLength;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, datagram[..macAt], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], datagram[macAt..]))
        {
            return false;
        }

        sequence = BinaryPrimitives.ReadUInt64BigEndian(datagram[12..]);
        body = datagram[HeaderLength..macAt];
        return true;
    }
}
