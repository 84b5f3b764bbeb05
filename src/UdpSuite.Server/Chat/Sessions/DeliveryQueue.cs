namespace UdpSuite.Server.Chat.Sessions;

/// <summary>
/// The deliveries in flight to one recipient, ordered by inbox sequence, and the highest sequence ever queued
/// (the store is the queue behind it: the next messages are read from there above that sequence).
/// Not thread-safe.
/// </summary>
internal sealed class DeliveryQueue
{
    private readonly SortedList<ulong, InFlightDelivery> _inFlight = [];

    public int Count => _inFlight.Count;

    /// <summary>Highest inbox sequence put in flight in this session (0 = none yet).</summary>
    public ulong HighestQueued { get; private set; }

    public IEnumerable<InFlightDelivery> InOrder => _inFlight.Values;

    /// <summary>The highest sequence in flight below <paramref name="sequence"/>: the previous message the recipient has not confirmed, or 0.</summary>
    public ulong PreviousUnconfirmed(ulong sequence)
    {
        ulong previous = 0;
        foreach (ulong queued in _inFlight.Keys)
        {
            if (queued >= sequence)
            {
                break;
            }

            previous = queued;
        }

        return previous;
    }

    public void Add(InFlightDelivery delivery)
    {
        _inFlight[delivery.InboxSequence] = delivery;
        HighestQueued = Math.Max(HighestQueued, delivery.InboxSequence);
    }

    public InFlightDelivery? Find(Guid messageId)
    {
        foreach (InFlightDelivery delivery in _inFlight.Values)
        {
            if (delivery.Outbound.Id == messageId)
            {
                return delivery;
            }
        }

        return null;
    }

    public bool Remove(Guid messageId)
    {
        InFlightDelivery? delivery = Find(messageId);
        return delivery is not null && _inFlight.Remove(delivery.InboxSequence);
    }
}
