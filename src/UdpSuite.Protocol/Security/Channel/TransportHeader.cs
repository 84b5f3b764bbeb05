using System.Buffers.Binary;

namespace UdpSuite.Protocol.Security.Channel;

/// <summary>
/// The clear header of a TRANSPORT datagram, which is also its AEAD associated data:
/// prefix (4) | session id (u64) | flags (u8: bit 0 = key phase, others zero) | packet number (u64, big-endian).
/// </summary>
public readonly record struct TransportHeader(ulong SessionId, bool KeyPhase, ulong PacketNumber)
{
    private const int SessionIdOffset = ChannelWire.PrefixLength;
    private const int FlagsOffset = SessionIdOffset + 8;
    private const int PacketNumberOffset = FlagsOffset + 1;

    /// <summary>Writes the 21 header bytes.</summary>
    public void Write(Span<byte> destination)
    {
        ChannelPrefix.Write(destination, ChannelDatagramType.Transport);
        BinaryPrimitives.WriteUInt64BigEndian(destination[SessionIdOffset..], SessionId);
        destination[FlagsOffset] = KeyPhase ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt64BigEndian(destination[PacketNumberOffset..], PacketNumber);
    }

    /// <summary>
    /// Reads the header of a TRANSPORT datagram that can hold at least an inner type and a tag. False for anything
    /// else, for reserved flag bits set, and for packet number 2^64-1 (reserved by Noise for rekeying).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out TransportHeader header)
    {
        header = default;
        if (datagram.Length < ChannelWire.TransportOverhead || datagram.Length > ChannelWire.MaxDatagram
            || ChannelPrefix.Classify(datagram, out ChannelDatagramType type) != PrefixKind.Version2
            || type != ChannelDatagramType.Transport || (datagram[FlagsOffset] & 0xFE) != 0)
        {
            return false;
        }

        ulong packetNumber = BinaryPrimitives.ReadUInt64BigEndian(datagram[PacketNumberOffset..]);
        if (packetNumber == ulong.MaxValue)
        {
            return false;
        }

        header = new TransportHeader(BinaryPrimitives.ReadUInt64BigEndian(datagram[SessionIdOffset..]), datagram[FlagsOffset] == 1, packetNumber);
        return true;
    }

    /// <summary>The session id of a datagram that looks like TRANSPORT (for the session lookup before anything else).</summary>
    public static bool TryPeekSessionId(ReadOnlySpan<byte> datagram, out ulong sessionId)
    {
        bool ok = TryRead(datagram, out TransportHeader header);
        sessionId = header.SessionId;
        return ok;
    }
}
