using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>
/// Puts delivered envelopes back in inbox order and drops duplicates (pure, no I/O). The server names, in every
/// delivery, the previous inbox sequence this client has not yet confirmed; a message is released once that one
/// was released (or when it is 0), so order holds per conversation even though the network reorders.
/// Memory is bounded: ids and sequences are remembered for the last <c>memory</c> messages, and at most
/// <c>holdCapacity</c> messages wait for a predecessor (past that, the lowest waiting one is released anyway:
/// a late message is better than a lost one). Not thread-safe: the client serialises calls.
/// </summary>
internal sealed class InOrderDelivery
{
    private readonly BoundedRecentMap<Guid, ulong> _releasedIds;
    private readonly BoundedRecentSet<ulong> _releasedSequences;
    private readonly Dictionary<Guid, ulong> _heldIds = [];
    private readonly SortedDictionary<ulong, (Guid Id, DeliveryEnvelope Envelope)> _held = [];
    private readonly int _holdCapacity;

    public InOrderDelivery(int memory = 65_536, int holdCapacity = 4_096)
    {
        _releasedIds = new BoundedRecentMap<Guid, ulong>(memory);
        _releasedSequences = new BoundedRecentSet<ulong>(memory);
        _holdCapacity = holdCapacity;
    }

    /// <summary>Messages waiting for a predecessor.</summary>
    public int HeldCount => _held.Count;

    /// <summary>Whether message <paramref name="id"/> was already released to the application.</summary>
    public bool WasReleased(Guid id) => _releasedIds.ContainsKey(id);

    /// <summary>The inbox sequence of a released message (for its read receipt); false when unknown or forgotten.</summary>
    public bool TryGetSequence(Guid id, out ulong sequence) => _releasedIds.TryGetValue(id, out sequence);

    /// <summary>
    /// Offers one complete delivery. Returns what may be shown now, in order (possibly several, possibly none).
    /// <paramref name="duplicate"/> is true when this id was released before (the caller confirms it again but shows nothing).
    /// </summary>
    public IReadOnlyList<(Guid Id, DeliveryEnvelope Envelope)> Offer(Guid id, DeliveryEnvelope envelope, out bool duplicate)
    {
        duplicate = _releasedIds.ContainsKey(id);
        if (duplicate || _heldIds.ContainsKey(id) || _releasedSequences.Contains(envelope.ServerSequence))
        {
            return [];
        }

        var released = new List<(Guid, DeliveryEnvelope)>();
        if (envelope.PreviousSequence == 0 || envelope.PreviousSequence >= envelope.ServerSequence || _releasedSequences.Contains(envelope.PreviousSequence))
        {
            Release(id, envelope, released);
        }
        else
        {
            _held[envelope.ServerSequence] = (id, envelope);
            _heldIds[id] = envelope.ServerSequence;
            while (_held.Count > _holdCapacity)
            {
                KeyValuePair<ulong, (Guid Id, DeliveryEnvelope Envelope)> lowest = _held.First();
                Unhold(lowest.Key);
                Release(lowest.Value.Id, lowest.Value.Envelope, released);
            }
        }

        return released;
    }

    private void Release(Guid id, DeliveryEnvelope envelope, List<(Guid, DeliveryEnvelope)> released)
    {
        var pending = new Stack<(Guid Id, DeliveryEnvelope Envelope)>();
        pending.Push((id, envelope));
        while (pending.TryPop(out (Guid Id, DeliveryEnvelope Envelope) next))
        {
            released.Add(next);
            _releasedIds.Set(next.Id, next.Envelope.ServerSequence);
            _releasedSequences.Add(next.Envelope.ServerSequence);

            // Whatever waited for this one may follow now; the held map is small, so a scan is cheap and needs no second index.
            foreach (KeyValuePair<ulong, (Guid Id, DeliveryEnvelope Envelope)> waiting in _held.Where(h => h.Value.Envelope.PreviousSequence == next.Envelope.ServerSequence).ToList())
            {
                Unhold(waiting.Key);
                pending.Push(waiting.Value);
            }
        }
    }

    private void Unhold(ulong sequence)
    {
        if (_held.Remove(sequence, out (Guid Id, DeliveryEnvelope Envelope) entry))
        {
            _heldIds.Remove(entry.Id);
        }
    }
}
