namespace UdpSuite.Protocol.Chat;

/// <summary>DATA body: one fragment of a message envelope.</summary>
public readonly ref struct DataFragment
{
    public DataFragment(ReadOnlySpan<byte> messageId, ushort index, ushort count, ReadOnlySpan<byte> chunk)
    {
        MessageId = messageId;
        Index = index;
        Count = count;
        Chunk = chunk;
    }

    public ReadOnlySpan<byte> MessageId { get; }

    public ushort Index { get; }

    public ushort Count { get; }

    public ReadOnlySpan<byte> Chunk { get; }
}

/// <summary>RECEIPT body: message id, new state, the server's sequence number for it, when (Unix ms).</summary>
public readonly record struct ReceiptBody(Guid MessageId, DeliveryState State, ulong ServerSequence, long UnixMilliseconds);

/// <summary>ACK body: which fragment (or, from <see cref="SessionBodyCodec.ReceiptAckBase"/> up, which receipt state) arrived.</summary>
public readonly record struct AckBody(Guid MessageId, ushort Index);

/// <summary>REJECT body: the refused message and why.</summary>
public readonly record struct RejectBody(Guid MessageId, ChatErrorCode Code);
