using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Chat.Relay;

/// <summary>
/// The authenticated half of the chat listener: opens and checks every session datagram (session, MAC, replay),
/// acknowledges fragments and receipts, commits complete submissions before RECEIPT(sent), delivers to online
/// recipients in inbox order with up to <see cref="ChatRelayLimits.MaxDeliveriesInFlight"/> in flight, forwards
/// delivered/read receipts to senders, and on <see cref="OnTimer"/> retransmits what is due and ends idle sessions.
/// Datagrams that fail a check are dropped with a reason and never answered. Not thread-safe: the chat handler's
/// lock serialises it.
/// </summary>
public sealed class ChatRelay
{
    private readonly IChatStore _store;
    private readonly SessionTable _sessions;
    private readonly ChatRelayLimits _limits;
    private readonly ChatCounters _counters;
    private readonly ILogger _logger;
    private readonly ThrottledErrorLog _storeErrors;
    private readonly SessionDatagramWriter _writer = new();
    private readonly List<ChatSession> _expired = [];

    public ChatRelay(IChatStore store, SessionTable sessions, ChatRelayLimits limits, ChatCounters counters, ILogger logger)
    {
        _store = store;
        _sessions = sessions;
        _limits = limits;
        _counters = counters;
        _logger = logger;
        _storeErrors = new ThrottledErrorLog(logger, TimeSpan.FromSeconds(10));
    }

    public void AttachSender(IDatagramSender sender) => _writer.Attach(sender);

    /// <summary>Handles one authenticated datagram of <paramref name="type"/>; any inline reply (ACK, PONG) is sealed into <paramref name="reply"/>.</summary>
    public HandlerResult Handle(ChatMessageType type, ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
    {
        if (!SecureFrame.TryPeekSession(request, out ulong sessionId))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        if (!_sessions.TryGet(sessionId, out ChatSession session))
        {
            return HandlerResult.Drop(ChatDropReasons.UnknownSession);
        }

        if (!SecureFrame.TryOpen(request, session.Keys.ClientToServer, out ulong sequence, out ReadOnlySpan<byte> body))
        {
            return HandlerResult.Drop(ChatDropReasons.BadMac);
        }

        if (!session.Replay.Accept(sequence))
        {
            return HandlerResult.Drop(ChatDropReasons.Replay);
        }

        Instant now = context.ReceivedAt;
        session.Touch(context.Remote, now);
        return type switch
        {
            ChatMessageType.Data => OnData(session, body, reply, now),
            ChatMessageType.Ack => OnAck(session, body, now),
            ChatMessageType.Receipt => OnReceipt(session, body, reply, now),
            ChatMessageType.Ping => HandlerResult.Reply(SessionDatagramWriter.SealReply(reply, session, ChatMessageType.Pong, 0)),
            ChatMessageType.Logout => OnLogout(session),
            _ => HandlerResult.Drop(ChatDropReasons.UnknownType),
        };
    }

    /// <summary>
    /// Periodic work at <paramref name="now"/>: ends sessions silent for longer than the idle timeout, loads the
    /// backlog of newly logged-in sessions, and (re)sends every fragment and receipt that is due.
    /// </summary>
    public void OnTimer(Instant now)
    {
        Duration idle = Duration.FromTimeSpan(_limits.SessionIdleTimeout);
        _expired.Clear();
        foreach (ChatSession session in _sessions.All)
        {
            if (now - session.LastActivity > idle)
            {
                _expired.Add(session);
            }
        }

        foreach (ChatSession session in _expired)
        {
            _sessions.Remove(session);
            _counters.Increment(ChatEvents.SessionExpired);
            _logger.LogInformation("Chat session of {User} expired after {Idle} s of silence", session.User, idle.TotalSeconds);
        }

        foreach (ChatSession session in _sessions.All)
        {
            if (session.NeedsBacklog)
            {
                LoadBacklog(session);
            }

            Pump(session, now);
        }
    }

    private HandlerResult OnData(ChatSession session, ReadOnlySpan<byte> body, Span<byte> reply, Instant now)
    {
        if (!SessionBodyCodec.TryReadData(body, out DataFragment fragment))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        var messageId = new Guid(fragment.MessageId, bigEndian: true);
        byte[]? envelope = session.Reassembler.Add(messageId, fragment.Index, fragment.Count, fragment.Chunk);
        if (envelope is null)
        {
            int length = SessionBodyCodec.WriteAck(SecureFrame.BodyArea(reply), new AckBody(messageId, fragment.Index));
            return HandlerResult.Reply(SessionDatagramWriter.SealReply(reply, session, ChatMessageType.Ack, length));
        }

        // The last fragment: its ACK leaves before the RECEIPT or REJECT it leads to, and not at all when the store fails.
        Submit(session, messageId, fragment.Index, envelope, now);
        return HandlerResult.NoReply;
    }

    /// <summary>
    /// Decides a complete submission: REJECT (unknown recipient, too large, malformed) or commit and RECEIPT(sent)
    /// (again, with the stored sequence, for a duplicate). The completing fragment is acknowledged first unless the
    /// store fails: then the client gets REJECT StoreUnavailable and no ACK.
    /// </summary>
    private void Submit(ChatSession session, Guid messageId, ushort lastIndex, byte[] envelope, Instant now)
    {
        if (!EnvelopeCodec.TryDecodeSubmission(envelope, out SubmissionEnvelope submission))
        {
            SendAck(session, messageId, lastIndex);
            Reject(session, messageId, IsTextTooLarge(envelope) ? ChatErrorCode.MessageTooLarge : ChatErrorCode.Malformed);
            return;
        }

        CommitOutcome outcome;
        try
        {
            if (!ChatUserName.IsValid(submission.To) || _store.FindUser(submission.To) is null)
            {
                SendAck(session, messageId, lastIndex);
                Reject(session, messageId, ChatErrorCode.UnknownRecipient);
                return;
            }

            outcome = _store.Commit(messageId, session.User, submission.To, submission.Text, now);
        }
        catch (ChatStoreException ex)
        {
            StoreFailed(ex);
            Reject(session, messageId, ChatErrorCode.StoreUnavailable);
            return;
        }

        SendAck(session, messageId, lastIndex);
        StoredMessage message = outcome.Message;
        if (outcome.WasDuplicate && !string.Equals(message.Sender, session.User, StringComparison.Ordinal))
        {
            // Another user's message id: never confirm someone else's message.
            Reject(session, messageId, ChatErrorCode.Malformed);
            return;
        }

        _counters.Increment(outcome.WasDuplicate ? ChatEvents.DuplicateSubmission : ChatEvents.Committed);
        QueueReceipt(session, new ReceiptBody(messageId, DeliveryState.Sent, message.InboxSequence, message.CommittedAt.ToUnixTimeMilliseconds()));
        Pump(session, now);
        if (!outcome.WasDuplicate && _sessions.FindUser(message.Recipient) is { NeedsBacklog: false } recipient)
        {
            Refill(recipient);
            Pump(recipient, now);
        }
    }

    private HandlerResult OnAck(ChatSession session, ReadOnlySpan<byte> body, Instant now)
    {
        if (!SessionBodyCodec.TryReadAck(body, out AckBody ack))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        if (ack.Index == SessionBodyCodec.ReceiptFragment)
        {
            if (session.Receipts.Remove(ack.MessageId, out PendingReceipt? receipt))
            {
                try
                {
                    _store.MarkSenderNotified(ack.MessageId, receipt.Body.State);
                }
                catch (ChatStoreException ex)
                {
                    // Not fatal: the receipt is pushed again at the next login.
                    StoreFailed(ex);
                }
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
            Refill(session);
            Pump(session, now);
        }

        return HandlerResult.NoReply;
    }

    private HandlerResult OnReceipt(ChatSession session, ReadOnlySpan<byte> body, Span<byte> reply, Instant now)
    {
        if (!SessionBodyCodec.TryReadReceipt(body, out ReceiptBody receipt))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        if (receipt.State is DeliveryState.Delivered or DeliveryState.Read)
        {
            StoredMessage? advanced;
            try
            {
                advanced = _store.AdvanceState(receipt.MessageId, session.User, receipt.State, now);
            }
            catch (ChatStoreException ex)
            {
                StoreFailed(ex);
                Reject(session, receipt.MessageId, ChatErrorCode.StoreUnavailable);
                return HandlerResult.NoReply;
            }

            if (session.Deliveries.Remove(receipt.MessageId))
            {
                Refill(session);
                Pump(session, now);
            }

            if (advanced is not null)
            {
                _counters.Increment(receipt.State == DeliveryState.Read ? ChatEvents.Read : ChatEvents.Delivered);
                if (_sessions.FindUser(advanced.Sender) is { } sender)
                {
                    QueueReceipt(sender, new ReceiptBody(advanced.MessageId, advanced.State, advanced.InboxSequence, now.ToUnixTimeMilliseconds()));
                    Pump(sender, now);
                }
            }
        }

        int length = SessionBodyCodec.WriteAck(SecureFrame.BodyArea(reply), new AckBody(receipt.MessageId, SessionBodyCodec.ReceiptFragment));
        return HandlerResult.Reply(SessionDatagramWriter.SealReply(reply, session, ChatMessageType.Ack, length));
    }

    private HandlerResult OnLogout(ChatSession session)
    {
        _sessions.Remove(session);
        _counters.Increment(ChatEvents.LoggedOut);
        _logger.LogInformation("Chat user {User} logged out", session.User);
        return HandlerResult.NoReply;
    }

    /// <summary>After login: the undelivered messages (in inbox order) and every receipt state the user has not acknowledged as a sender.</summary>
    private void LoadBacklog(ChatSession session)
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
            StoreFailed(ex); // retried on the next tick
        }
    }

    /// <summary>Tops the recipient's deliveries in flight up from the store, in inbox order.</summary>
    private void Refill(ChatSession session)
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
            StoreFailed(ex);
            return;
        }

        foreach (StoredMessage message in next)
        {
            ulong previous = session.Deliveries.PreviousUnconfirmed(message.InboxSequence);
            byte[] envelope = EnvelopeCodec.EncodeDelivery(new DeliveryEnvelope(
                message.InboxSequence, previous, message.CommittedAt.ToUnixTimeMilliseconds(), message.Sender, message.Recipient, message.Text));
            session.Deliveries.Add(new InFlightDelivery(message.InboxSequence, new OutboundMessage(message.MessageId, envelope)));
        }
    }

    /// <summary>Sends every fragment and receipt of <paramref name="session"/> that is due at <paramref name="now"/>.</summary>
    private void Pump(ChatSession session, Instant now)
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
                _writer.Send(session, ChatMessageType.Data, length);
                outbound.MarkSent(index, nowTicks);
            }
        }

        foreach (PendingReceipt receipt in session.Receipts.Values)
        {
            if (receipt.IsDue(nowTicks, rto))
            {
                int length = SessionBodyCodec.WriteReceipt(_writer.Body, receipt.Body);
                _writer.Send(session, ChatMessageType.Receipt, length);
                receipt.MarkSent(nowTicks);
            }
        }
    }

    private void QueueReceipt(ChatSession session, ReceiptBody body)
    {
        if (session.Receipts.TryGetValue(body.MessageId, out PendingReceipt? pending))
        {
            pending.Raise(body);
        }
        else if (session.Receipts.Count < _limits.MaxPendingReceipts)
        {
            session.Receipts[body.MessageId] = new PendingReceipt(body);
        }

        // Otherwise the store still has it as unacknowledged; it is pushed at the next login.
    }

    private void SendAck(ChatSession session, Guid messageId, ushort index)
    {
        int length = SessionBodyCodec.WriteAck(_writer.Body, new AckBody(messageId, index));
        _writer.Send(session, ChatMessageType.Ack, length);
    }

    private void Reject(ChatSession session, Guid messageId, ChatErrorCode code)
    {
        _counters.Increment(ChatEvents.Rejected);
        int length = SessionBodyCodec.WriteReject(_writer.Body, new RejectBody(messageId, code));
        _writer.Send(session, ChatMessageType.Reject, length);
    }

    private void StoreFailed(ChatStoreException ex)
    {
        _counters.Increment(ChatEvents.StoreError);
        _storeErrors.Report("chat", "chat store unavailable; messages are refused until it recovers", ex);
    }

    /// <summary>True when the envelope's text part (after the recipient name) is longer than the protocol allows.</summary>
    private static bool IsTextTooLarge(byte[] envelope) =>
        envelope.Length > 0 && envelope.Length - 1 - envelope[0] > ChatWire.MaxTextBytes;
}
