namespace UdpSuite.Protocol.Chat;

/// <summary>Bodies of the authenticated datagrams (sealed as inner types of TRANSPORT datagrams). Decoders never throw.</summary>
public static class SessionBodyCodec
{
    /// <summary>
    /// ACK indexes from here up confirm a RECEIPT rather than a DATA fragment: 0xFF00 + the receipt's state
    /// (0xFF01 sent, 0xFF02 delivered, 0xFF03 read), so an ACK of an older receipt can't confirm a newer one.
    /// </summary>
    public const ushort ReceiptAckBase = 0xFF00;

    /// <summary>The ACK index that confirms a RECEIPT carrying <paramref name="state"/>.</summary>
    public static ushort ReceiptAckIndex(DeliveryState state) => (ushort)(ReceiptAckBase | (byte)state);

    /// <summary>Whether <paramref name="index"/> confirms a RECEIPT, and of which state.</summary>
    public static bool TryGetReceiptAckState(ushort index, out DeliveryState state)
    {
        state = (DeliveryState)(index & 0xFF);
        return (index & 0xFF00) == ReceiptAckBase && state is >= DeliveryState.Sent and <= DeliveryState.Read;
    }

    /// <summary>Most fragments a message may have (64 KiB of text plus envelope at <see cref="ChatWire.MaxChunk"/> bytes each).</summary>
    public const int MaxFragments = 64;

    public static int WriteData(Span<byte> body, Guid messageId, ushort index, ushort count, ReadOnlySpan<byte> chunk)
    {
        var w = new WireWriter(body);
        w.MessageId(messageId);
        w.WriteUInt16(index);
        w.WriteUInt16(count);
        w.Bytes(chunk);
        return w.Position;
    }

    public static bool TryReadData(ReadOnlySpan<byte> body, out DataFragment fragment)
    {
        fragment = default;
        var r = new WireReader(body);
        if (!r.TryBytes(ChatWire.MessageIdLength, out ReadOnlySpan<byte> id) || !r.TryUInt16(out ushort index) || !r.TryUInt16(out ushort count)
            || count == 0 || count > MaxFragments || index >= count || r.Remaining == 0)
        {
            return false;
        }

        fragment = new DataFragment(id, index, count, r.Rest);
        return true;
    }

    public static int WriteAck(Span<byte> body, in AckBody ack)
    {
        var w = new WireWriter(body);
        w.MessageId(ack.MessageId);
        w.WriteUInt16(ack.Index);
        return w.Position;
    }

    public static bool TryReadAck(ReadOnlySpan<byte> body, out AckBody ack)
    {
        ack = default;
        var r = new WireReader(body);
        if (!r.TryMessageId(out Guid id) || !r.TryUInt16(out ushort index))
        {
            return false;
        }

        ack = new AckBody(id, index);
        return true;
    }

    public static int WriteReceipt(Span<byte> body, in ReceiptBody receipt)
    {
        var w = new WireWriter(body);
        w.MessageId(receipt.MessageId);
        w.Byte((byte)receipt.State);
        w.WriteUInt64(receipt.ServerSequence);
        w.WriteInt64(receipt.UnixMilliseconds);
        return w.Position;
    }

    public static bool TryReadReceipt(ReadOnlySpan<byte> body, out ReceiptBody receipt)
    {
        receipt = default;
        var r = new WireReader(body);
        if (!r.TryMessageId(out Guid id) || !r.TryByte(out byte state)
            || state is < (byte)DeliveryState.Sent or > (byte)DeliveryState.Read
            || !r.TryUInt64(out ulong sequence) || !r.TryInt64(out long millis))
        {
            return false;
        }

        receipt = new ReceiptBody(id, (DeliveryState)state, sequence, millis);
        return true;
    }

    public static int WriteReject(Span<byte> body, in RejectBody reject)
    {
        var w = new WireWriter(body);
        w.MessageId(reject.MessageId);
        w.WriteUInt16((ushort)reject.Code);
        return w.Position;
    }

    public static bool TryReadReject(ReadOnlySpan<byte> body, out RejectBody reject)
    {
        reject = default;
        var r = new WireReader(body);
        if (!r.TryMessageId(out Guid id) || !r.TryUInt16(out ushort code))
        {
            return false;
        }

        reject = new RejectBody(id, (ChatErrorCode)code);
        return true;
    }
}
