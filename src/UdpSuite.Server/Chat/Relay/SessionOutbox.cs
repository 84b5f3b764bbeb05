using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Relay;

/// <summary>
/// What the server sends a session on its own: deliveries (read from the store in inbox order, at most
/// <see cref="ChatRelayLimits.MaxDeliveriesInFlight"/> in flight, retransmitted fragment by fragment with the session's
/// RTO), receipts until acknowledged, ACKs and REJECTs. Not thread-safe: used under the chat handler's lock.
/// </summary>
internal sealed class SessionOutbox
{
    private readonly IChatStore _store;
    private readonly ChatRelayLimits _limits;
    private readonly ChatCounters _counters;
    private readonly SessionDatagramWriter _writer;
    private readonly Action<ChatStoreException> _storeFailed;

    public SessionOutbox(IChatStore store, ChatRelayLimits limits, ChatCounters counters, SessionDatagramWriter writer, Action<ChatStoreException> storeFailed)
    {
        _store = store;
        _limits = limits;
        _counters = counters;
        _writer = writer;
        _storeFailed = storeFailed;
    }

    /// <summary>After login: the undelivered messages (in inbox order) and every receipt state the user has not acknowledged as a sender.</summary>
    public void LoadBacklog(ChatSession session)
    {
        try
        {
            IReadOnlyList<StoredMessage> receipts = _store.UnnotifiedReceipts(session.User, _limits.MaxPendingReceipts);
            foreach (StoredMessage message in receipts)
            {
                QueueReceipt(session, new ReceiptBody(message.MessageId, message.State, message.InboxSequence, message.StateChangedAt.ToUnixTimeMilliseconds()));
            }

            session.NeedsBacklog = false;
            Refill(session);
        }
        catch (ChatStoreException ex)
        {
            _storeFailed(ex); // retried on the next tick
        }
    }

    /// <summary>Tops the recipient's deliveries in flight up from the store, in inbox order.</summary>
    public void Refill(ChatSession session)
    {
        int room = _limits.MaxDeliveriesInFlight - session.Deliveries.Count;
        if (room <= 0)
        {
            return;
        }

        IReadOnlyList<StoredMessage> next;
        try
        {
            next = _store.Undelivered(session.User, session.Deliveries.HighestQueued, room);
        }
        catch (ChatStoreException ex)
        {
            _storeFailed(ex);
            return;
        }

        foreach (StoredMessage message in next)
        {
            ulong previous = session.Deliveries.PreviousUnconfirmed(message.InboxSequence);
            var delivery = new DeliveryEnvelope(message.InboxSequence, previous, message.CommittedAt.ToUnixTimeMilliseconds(), message.Sender, message.Recipient, message.Text)
            {
                Group = message.Group,
            };
            (byte[] envelope, ChatMessageType type) = delivery.Group is null
                ? (EnvelopeCodec.EncodeDelivery(delivery), ChatMessageType.Data)
                : (GroupEnvelopeCodec.EncodeDelivery(delivery), ChatMessageType.GroupData); // a member's copy of a group message
            session.Deliveries.Add(new InFlightDelivery(message.InboxSequence, new OutboundMessage(message.MessageId, envelope), type));
        }
    }

    /// <summary>Sends every fragment and receipt of <paramref name="session"/> that is due at <paramref name="now"/>.</summary>
    public void Pump(ChatSession session, Instant now)
    {
        long nowTicks = now.ToUnixTimeTicks();
        TimeSpan rto = session.Retransmission.Timeout;
        foreach (InFlightDelivery delivery in session.Deliveries.InOrder)
        {
            OutboundMessage outbound = delivery.Outbound;
            for (int index = 0; index < outbound.FragmentCount; index++)
            {
                if (!outbound.IsDue(index, nowTicks, rto))
                {
                    continue;
                }

                if (outbound.MaxSends > 0)
                {
                    _counters.Increment(ChatEvents.Retransmitted);
                }

                int length = SessionBodyCodec.WriteData(_writer.Body, outbound.Id, (ushort)index, (ushort)outbound.FragmentCount, outbound.Fragment(index));
                _writer.Send(session, delivery.Type, length);
                outbound.MarkSent(index, nowTicks);
            }
        }

        _writer.SendDue(session, session.Receipts, nowTicks);
    }

    /// <summary>Queues a receipt for <paramref name="session"/>; when the table is full the store still has it as unacknowledged, and it is pushed at the next login.</summary>
    public void QueueReceipt(ChatSession session, ReceiptBody body) =>
        session.Receipts.Queue(body.MessageId, body, _limits.MaxPendingReceipts, static b => new PendingReceipt(b));

    public void SendAck(ChatSession session, Guid messageId, ushort index)
    {
        int length = SessionBodyCodec.WriteAck(_writer.Body, new AckBody(messageId, index));
        _writer.Send(session, ChatMessageType.Ack, length);
    }

    public void Reject(ChatSession session, Guid messageId, ChatErrorCode code)
    {
        _counters.Increment(ChatEvents.Rejected);
        int length = SessionBodyCodec.WriteReject(_writer.Body, new RejectBody(messageId, code));
        _writer.Send(session, ChatMessageType.Reject, length);
    }
}
