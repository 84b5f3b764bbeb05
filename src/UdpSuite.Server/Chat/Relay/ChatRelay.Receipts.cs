using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Relay.Accounts;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Chat.Relay;

// ACKs of deliveries and the recipients' RECEIPTs (delivered/read): a RECEIPT becomes a store item, and what it
// advanced goes to the sender's sessions when the item completes (Recorded).
internal sealed partial class ChatRelay
{
    private HandlerResult OnAck(ChatSession session, ReadOnlySpan<byte> body, Instant now)
    {
        if (!SessionBodyCodec.TryReadAck(body, out AckBody ack))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        if (_groups.TryAcknowledge(session, ack))
        {
            return HandlerResult.NoReply; // it confirmed a GROUP_RECEIPT
        }

        if (AccountSessionsRelay.TryAcknowledge(session, ack, now))
        {
            return HandlerResult.NoReply; // it confirmed a READ_SYNC or a HISTORY_DATA fragment
        }

        if (SessionBodyCodec.TryGetReceiptAckState(ack.Index, out DeliveryState ackedState))
        {
            if (session.Receipts.TryGetValue(ack.MessageId, out PendingReceipt? receipt) && receipt.Acknowledge(ackedState))
            {
                session.Receipts.Remove(ack.MessageId);
                _store.Open.Notified.Add(new NotifiedItem(ack.MessageId, receipt.Body.State, GroupProgress: null));
            }

            return HandlerResult.NoReply;
        }

        InFlightDelivery? delivery = session.Deliveries.Find(ack.MessageId);
        if (delivery is null)
        {
            return HandlerResult.NoReply; // a late duplicate for a message already handed over
        }

        TimeSpan? roundTrip = delivery.Outbound.Acknowledge(ack.Index, now.ToUnixTimeTicks());
        if (roundTrip is { } sample)
        {
            session.Retransmission.Sample(sample);
        }

        if (delivery.Outbound.IsComplete)
        {
            session.Deliveries.Remove(ack.MessageId);
            _outbox.Refill(session);
        }

        return HandlerResult.NoReply;
    }

    private HandlerResult OnReceipt(ChatSession session, ReadOnlySpan<byte> body, Span<byte> reply, Instant now)
    {
        if (!SessionBodyCodec.TryReadReceipt(body, out ReceiptBody receipt))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        if (receipt.State is not (DeliveryState.Delivered or DeliveryState.Read))
        {
            return Acknowledge(receipt, session, reply, now);
        }

        if (_store.IsBehind)
        {
            return HandlerResult.Drop(ChatDropReasons.StoreBehind); // unacknowledged: the client resends it
        }

        // The delivery is done for this session whatever the store says: room for the next one at once. The entry is
        // confirmed for the session's device (its log sequence: the one in flight, else the one the receipt names).
        InFlightDelivery? delivered = session.Deliveries.Find(receipt.MessageId);
        _outbox.Confirm(session, delivered?.InboxSequence ?? receipt.ServerSequence, now);
        if (session.Deliveries.Remove(receipt.MessageId))
        {
            _outbox.Refill(session);
        }

        _store.Open.Receipts.Add(new ReceiptItem(session, receipt.MessageId, receipt.State, now));
        return HandlerResult.NoReply; // acknowledged when the store has recorded it (see Recorded)
    }

    /// <summary>
    /// A delivered/read receipt was recorded: its ACK (REJECT StoreUnavailable when the store failed: the client sends it
    /// again), and when the state went up, the sender hears of it (a receipt, or a group message's counts).
    /// </summary>
    private void Recorded(in ReceiptItem item, Instant now)
    {
        ChatSession session = item.Session;
        bool live = _sessions.IsCurrent(session);
        if (_outbox.RejectIfStoreFailed(session, item.MessageId, item.Failure))
        {
            return;
        }

        if (live)
        {
            int length = SessionBodyCodec.WriteAck(_writer.Body, new AckBody(item.MessageId, SessionBodyCodec.ReceiptAckIndex(item.State)));
            _writer.Send(session, ChatMessageType.Ack, length);
        }

        if (item.Advanced is not { } advanced)
        {
            return;
        }

        _counters.Increment(item.State == DeliveryState.Read ? ChatEvents.Read : ChatEvents.Delivered);
        if (advanced.State == DeliveryState.Read)
        {
            // Read on one device: the user's other receiving sessions mark it read too (read sync).
            _accounts.ReadElsewhere(session.User, session, new ReadSyncBody(advanced.MessageId, advanced.InboxSequence, item.At.ToUnixTimeMilliseconds()), now);
        }

        if (item.State == DeliveryState.Delivered)
        {
            _counters.RecordDeliveryLatency((item.At - advanced.CommittedAt).ToTimeSpan());
        }

        if (advanced.Group is not null)
        {
            _groups.OnCopyAdvanced(item.Progress, now); // a member's copy of a group message: the sender gets counts
        }
        else
        {
            foreach (ChatSession sender in _sessions.ReceiptAudience(advanced.Sender, advanced.MessageId))
            {
                _outbox.QueueReceipt(sender, new ReceiptBody(advanced.MessageId, advanced.State, advanced.InboxSequence, item.At.ToUnixTimeMilliseconds()));
                _outbox.Pump(sender, now);
            }
        }
    }

    private static HandlerResult Acknowledge(in ReceiptBody receipt, ChatSession session, Span<byte> reply, Instant now)
    {
        int length = SessionBodyCodec.WriteAck(SessionDatagramWriter.BodyArea(reply), new AckBody(receipt.MessageId, SessionBodyCodec.ReceiptAckIndex(receipt.State)));
        return SessionDatagramWriter.Reply(reply, session, ChatMessageType.Ack, length, now);
    }
}
