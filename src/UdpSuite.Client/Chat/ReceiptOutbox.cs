using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>
/// RECEIPTs this client owes the server (delivered, read), each retransmitted with exponential backoff until the
/// server answers ACK(message id, 0xFF00 + state). One pending receipt per message: a later state replaces an earlier one
/// (read implies delivered). Bounded: past <c>capacity</c> the oldest is forgotten (the server then redelivers the
/// message at the next login and the receipt is sent again). Not thread-safe.
/// </summary>
internal sealed class ReceiptOutbox(int capacity)
{
    private readonly Dictionary<Guid, Pending> _pending = [];
    private readonly Queue<Guid> _order = new();

    public int Count => _pending.Count;

    /// <summary>Queues <paramref name="receipt"/> (or upgrades the one already pending for that message).</summary>
    public void Enqueue(ReceiptBody receipt)
    {
        if (_pending.TryGetValue(receipt.MessageId, out Pending? existing))
        {
            if (receipt.State > existing.Receipt.State)
            {
                existing.Receipt = receipt;
                existing.Restart();
            }

            return;
        }

        _pending[receipt.MessageId] = new Pending { Receipt = receipt };
        _order.Enqueue(receipt.MessageId);
        while (_pending.Count > capacity && _order.TryDequeue(out Guid oldest))
        {
            _pending.Remove(oldest);
        }
    }

    /// <summary>The server confirmed the receipt for <paramref name="messageId"/>.</summary>
    public void Acknowledge(Guid messageId, DeliveryState acknowledged)
    {
        // A late ACK of "delivered" must not retire a "read" that replaced it.
        if (_pending.TryGetValue(messageId, out Pending? pending) && acknowledged >= pending.Receipt.State)
        {
            _pending.Remove(messageId);
        }
    }

    /// <summary>Receipts due at <paramref name="nowTicks"/> under timeout <paramref name="rto"/>; marks them sent.</summary>
    public List<ReceiptBody> TakeDue(long nowTicks, TimeSpan rto)
    {
        var due = new List<ReceiptBody>();
        foreach (Pending pending in _pending.Values)
        {
            if (pending.TakeIfDue(nowTicks, rto))
            {
                due.Add(pending.Receipt);
            }
        }

        if (_order.Count > 2 * Math.Max(_pending.Count, 16))
        {
            // Drop queue entries of receipts already acknowledged, so the eviction order stays small.
            Guid[] live = [.. _order.Where(_pending.ContainsKey).Distinct()];
            _order.Clear();
            foreach (Guid id in live)
            {
                _order.Enqueue(id);
            }
        }

        return due;
    }

    /// <summary>Forgets send history so every receipt goes out again at once (after a new login).</summary>
    public void ResetSends()
    {
        foreach (Pending pending in _pending.Values)
        {
            pending.Restart();
        }
    }

    private sealed class Pending : ResendSchedule
    {
        public ReceiptBody Receipt { get; set; }
    }
}
