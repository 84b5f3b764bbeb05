using System.Buffers.Binary;
using System.Security.Cryptography;

namespace UdpSuite.Protocol.Chat;

/// <summary>
/// The authenticated datagram: prefix, session id (8), sequence number (8), body, then the first 16 bytes
/// of HMAC-SHA256(direction key, everything before the MAC). Allocation-free.
/// </summary>
public static class SecureFrame
{
    /// <summary>Where a body starts inside a datagram buffer; write the body there, then call <see cref="Seal"/>.</summary>
    public static Span<byte> BodyArea(Span<byte> datagram) => datagram[ChatWire.SecureHeaderLength..(ChatWire.MaxDatagram - ChatWire.MacLength)];

    /// <summary>Fills in prefix, session, sequence and MAC around a body of <paramref name="bodyLength"/> bytes already in <see cref="BodyArea"/>; returns the datagram length.</summary>
    public static int Seal(Span<byte> datagram, ChatMessageType type, ulong sessionId, ulong sequence, int bodyLength, ReadOnlySpan<byte> key)
    {
        if ((uint)bodyLength > ChatWire.MaxSecureBody)
        {
            throw new ArgumentOutOfRangeException(nameof(bodyLength), bodyLength, "body too large for one datagram");
        }

        ChatPrefix.Write(datagram, type);
        BinaryPrimitives.WriteUInt64BigEndian(datagram[4..], sessionId);
        BinaryPrimitives.WriteUInt64BigEndian(datagram[12..], sequence);
        int macAt = ChatWire.SecureHeaderLength + bodyLength;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, datagram[..macAt], mac);
        mac[..ChatWire.MacLength].CopyTo(datagram[macAt..]);
        return macAt + ChatWire.MacLength;
    }

    /// <summary>The session id of an authenticated datagram, read before the key is known (to find the key).</summary>
    public static bool TryPeekSession(ReadOnlySpan<byte> datagram, out ulong sessionId)
    {
        sessionId = 0;
        if (datagram.Length < ChatWire.SecureHeaderLength + ChatWire.MacLength)
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
        if (datagram.Length < ChatWire.SecureHeaderLength + ChatWire.MacLength || datagram.Length > ChatWire.MaxDatagram)
        {
            return false;
        }

        int macAt = datagram.Length - ChatWire.MacLength;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, datagram[..macAt], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..ChatWire.MacLength], datagram[macAt..]))
        {
            return false;
        }

        sequence = BinaryPrimitives.ReadUInt64BigEndian(datagram[12..]);
        body = datagram[ChatWire.SecureHeaderLength..macAt];
        return true;
    }
}
