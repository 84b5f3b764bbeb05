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

        _held[envelope.ServerSequence] = (id, envelope);
        _heldIds[id] = envelope.ServerSequence;
        var released = new List<(Guid, DeliveryEnvelope)>();
        ReleaseReady(released);
        while (_held.Count > _holdCapacity)
        {
            KeyValuePair<ulong, (Guid Id, DeliveryEnvelope Envelope)> lowest = _held.First();
            Unhold(lowest.Key);
            Emit(lowest.Value.Id, lowest.Value.Envelope, released);
            ReleaseReady(released);
        }

        return released;
    }

    /// <summary>
    /// Releases held messages whose predecessor is out, always the lowest such sequence first: several messages may
    /// name the same predecessor (the server stops counting one as unconfirmed once all its fragments were
    /// acknowledged), and they must come out in inbox order. The held map is small (the server's in-flight window),
    /// so rescanning it is cheap.
    /// </summary>
    private void ReleaseReady(List<(Guid, DeliveryEnvelope)> released)
    {
        bool progress = true;
        while (progress)
        {
            progress = false;
            foreach (KeyValuePair<ulong, (Guid Id, DeliveryEnvelope Envelope)> candidate in _held)
            {
                DeliveryEnvelope envelope = candidate.Value.Envelope;
                if (envelope.PreviousSequence == 0 || envelope.PreviousSequence >= envelope.ServerSequence || _releasedSequences.Contains(envelope.PreviousSequence))
                {
                    Unhold(candidate.Key);
                    Emit(candidate.Value.Id, envelope, released);
                    progress = true;
                    break;
                }
            }
        }
    }

    private void Emit(Guid id, DeliveryEnvelope envelope, List<(Guid, DeliveryEnvelope)> released)
    {
        released.Add((id, envelope));
        _releasedIds.Set(id, envelope.ServerSequence);
        _releasedSequences.Add(envelope.ServerSequence);
    }

    private void Unhold(ulong sequence)
    {
        if (_held.Remove(sequence, out (Guid Id, DeliveryEnvelope Envelope) entry))
        {
            _heldIds.Remove(entry.Id);
        }
    }
}
