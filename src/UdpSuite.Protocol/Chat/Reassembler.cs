namespace UdpSuite.Protocol.Chat;

/// <summary>
/// Collects DATA fragments into envelopes for one peer. Bounded: at most <see cref="MaxPartialMessages"/>
/// messages in progress; the oldest partial message is dropped to make room (its sender retransmits).
/// Duplicated fragments are harmless. Not thread-safe: one per session, used from that session's lock.
/// The arrival order holds exactly the partial messages (a message leaves it when it completes), so a message id
/// reused after completion can't make a stale entry evict the wrong message, and completed messages leave nothing behind.
/// </summary>
public sealed class Reassembler
{
    public const int MaxPartialMessages = 32;

    private readonly Dictionary<Guid, Partial> _partials = [];
    private readonly LinkedList<Guid> _arrival = new();

    public int PartialCount => _partials.Count;

    /// <summary>Entries in the arrival order; always equal to <see cref="PartialCount"/> (regression of a leak).</summary>
    internal int ArrivalCount => _arrival.Count;

    /// <summary>Adds a fragment; returns the whole envelope when this fragment completed it, else null.</summary>
    public byte[]? Add(Guid messageId, ushort index, ushort count, ReadOnlySpan<byte> chunk)
    {
        if (count == 1)
        {
            Forget(messageId);
            return chunk.ToArray();
        }

        if (!_partials.TryGetValue(messageId, out Partial? partial))
        {
            while (_partials.Count >= MaxPartialMessages && _arrival.First is { } oldest)
            {
                Forget(oldest.Value);
            }

            partial = new Partial(count, _arrival.AddLast(messageId));
            _partials[messageId] = partial;
        }

        if (partial.Chunks.Length != count || partial.Chunks[index] is not null)
        {
            return null; // a duplicate, or a fragment that disagrees on the count
        }

        partial.Chunks[index] = chunk.ToArray();
        partial.Received++;
        if (partial.Received < count)
        {
            return null;
        }

        Forget(messageId);
        int length = 0;
        foreach (byte[]? c in partial.Chunks)
        {
            length += c!.Length;
        }

        var envelope = new byte[length];
        int at = 0;
        foreach (byte[]? c in partial.Chunks)
        {
            c!.CopyTo(envelope, at);
            at += c.Length;
        }

        return envelope;
    }

    private void Forget(Guid messageId)
    {
        if (_partials.Remove(messageId, out Partial? partial))
        {
            _arrival.Remove(partial.Node);
        }
    }

    private sealed class Partial(int count, LinkedListNode<Guid> node)
    {
        public LinkedListNode<Guid> Node { get; } = node;

        public byte[]?[] Chunks { get; } = new byte[]?[count];

        public int Received { get; set; }
    }
}
