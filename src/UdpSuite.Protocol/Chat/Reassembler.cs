namespace UdpSuite.Protocol.Chat;

/// <summary>
/// Collects DATA fragments into envelopes for one peer. Bounded: at most <see cref="MaxPartialMessages"/>
/// messages in progress; the oldest partial message is dropped to make room (its sender retransmits).
/// Duplicated fragments are harmless. Not thread-safe: one per session, used from that session's lock.
/// </summary>
public sealed class Reassembler
{
    public const int MaxPartialMessages = 32;

    private readonly Dictionary<Guid, Partial> partials = [];
    private readonly Queue<Guid> arrival = new();

    public int PartialCount => partials.Count;

    /// <summary>Adds a fragment; returns the whole envelope when this fragment completed it, else null.</summary>
    public byte[]? Add(Guid messageId, ushort index, ushort count, ReadOnlySpan<byte> chunk)
    {
        if (count == 1)
        {
            partials.Remove(messageId);
            return chunk.ToArray();
        }

        if (!partials.TryGetValue(messageId, out Partial? partial))
        {
            while (partials.Count >= MaxPartialMessages && arrival.TryDequeue(out Guid oldest))
            {
                partials.Remove(oldest);
            }

            partial = new Partial(count);
            partials[messageId] = partial;
            arrival.Enqueue(messageId);
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

        partials.Remove(messageId);
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

    private sealed class Partial(int count)
    {
        public byte[]?[] Chunks { get; } = new byte[]?[count];

        public int Received { get; set; }
    }
}
