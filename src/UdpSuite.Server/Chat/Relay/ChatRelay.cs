using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Relay.Groups;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.RateLimit;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Chat.Relay;

/// <summary>
/// The logged-in half of the chat listener: takes the opened messages of sessions (the channel layer already checked
/// seal, session and replay), acknowledges fragments and receipts, commits complete submissions before RECEIPT(sent), delivers to online
/// recipients in inbox order with up to <see cref="ChatRelayLimits.MaxDeliveriesInFlight"/> in flight (appending every datagram to the core's actions), forwards
/// delivered/read receipts to senders, and on <see cref="OnTimer"/> retransmits what is due and ends idle sessions and
/// sessions that left a datagram unacknowledged for <see cref="ChatRelayLimits.RetransmitGiveUp"/>.
/// Presence and contacts (0x30-0x3F) are handed to <see cref="Presence"/>, which also hears of every login, logout and expiry.
/// Messages that fail a check (malformed, unknown type) are dropped with a reason and not answered;
/// DATA over the per-account rate limit is dropped too, with at most one SLOW_DOWN per notice interval (Chat/RateLimit);
/// a checked submission or request that is refused gets an answer (REJECT, or a REPLY or GROUP_RESULT with an error
/// code). Not thread-safe: the chat handler's lock serialises it.
/// </summary>
internal sealed class ChatRelay
{
    private readonly IChatStore _store;
    private readonly SessionTable _sessions;
    private readonly ChatRelayLimits _limits;
    private readonly ChatCounters _counters;
    private readonly ILogger _logger;
    private readonly ThrottledErrorLog _storeErrors;
    private readonly SessionDatagramWriter _writer;
    private readonly SessionOutbox _outbox;
    private readonly GroupRelay _groups;
    private readonly List<ChatSession> _expired = [];
    private readonly List<ChatSession> _unanswered = [];
    private readonly List<PendingCommit> _pendingCommits = [];
    private readonly List<CommitRequest> _commitRequests = [];
    private readonly ChatRateLimiter? _rateLimiter;
    private int _batchDepth;

    public ChatRelay(
        IChatStore store,
        SessionTable sessions,
        ChatActions actions,
        ChatRelayLimits limits,
        ChatCounters counters,
        ILogger logger,
        ChatRateLimiter? rateLimiter = null,
        PresenceLimits? presenceLimits = null,
        IPresenceAudience? audience = null)
    {
        _rateLimiter = rateLimiter;
        _store = store;
        _sessions = sessions;
        _limits = limits;
        _counters = counters;
        _logger = logger;
        _storeErrors = new ThrottledErrorLog(logger, TimeSpan.FromSeconds(10));
        _writer = new SessionDatagramWriter(actions);
        _outbox = new SessionOutbox(store, limits, counters, _writer, StoreFailed);
        _groups = new GroupRelay(store, sessions, _outbox, _writer, limits, counters, logger, StoreFailed);
        IContactStore contacts = store as IContactStore ?? NoContactStore.Instance;
        Presence = new PresenceRelay(
            sessions, store, contacts, audience ?? new SocialPresenceAudience(contacts, store), presenceLimits ?? new PresenceLimits(), counters, _writer, StoreFailed, logger);
    }

    /// <summary>Presence and server-side contacts (types 0x30-0x3F, pushes, idle away).</summary>
    public PresenceRelay Presence { get; }

    /// <summary>
    /// From here until the matching <see cref="EndBatch"/>, complete submissions are checked but not committed: they
    /// wait so that the whole receive batch is stored with one transaction and one fsync (group commit). Nothing is
    /// acknowledged before that commit returns, so "sent" still means "durable". Batches may nest (several loops).
    /// </summary>
    public void BeginBatch() => _batchDepth++;

    /// <summary>Complete submissions waiting for the batch's commit (for tests and diagnostics).</summary>
    internal int PendingCommitCount => _pendingCommits.Count;

    /// <summary>
    /// Ends a batch; when no other batch is open, commits every deferred submission at once, then acknowledges them
    /// (or rejects them all if the store failed). <see cref="OnTimer"/> commits them too, so a batch that never ends
    /// delays them by one tick at most.
    /// </summary>
    public void EndBatch()
    {
        _batchDepth = Math.Max(0, _batchDepth - 1);
        if (_batchDepth == 0)
        {
            CommitPending();
        }
    }

    /// <summary>
    /// Handles one opened message of <paramref name="session"/> (the channel already checked its seal and freshness);
    /// any inline reply (ACK, PONG) is sealed into <paramref name="reply"/>.
    /// </summary>
    public HandlerResult Handle(ChatSession session, ChatMessageType type, ReadOnlySpan<byte> body, Span<byte> reply, Instant now)
    {
        _writer.SetTime(now);
        session.Touch(now);
        Presence.OnDatagram(session, type, body, now);
        return type switch
        {
            ChatMessageType.Data => OnData(session, body, reply, now),
            ChatMessageType.Ack => OnAck(session, body, now),
            ChatMessageType.Receipt => OnReceipt(session, body, reply, now),
            ChatMessageType.Ping => SessionDatagramWriter.Reply(reply, session, ChatMessageType.Pong, 0, now),
            ChatMessageType.GroupData => OnData(session, body, reply, now, toGroup: true),
            ChatMessageType.GroupRequest => _groups.OnRequest(session, body, reply, now),
            ChatMessageType.Logout => OnLogout(session, now),
            _ when PresenceCodec.IsPresenceType(type) => Presence.Handle(type, session, body, reply, now),
            _ => HandlerResult.Drop(ChatDropReasons.UnknownType),
        };
    }

    /// <summary>
    /// Periodic work at <paramref name="now"/>: ends sessions silent for longer than the idle timeout, loads the
    /// backlog of newly logged-in sessions, and (re)sends every fragment and receipt that is due.
    /// </summary>
    public void OnTimer(Instant now)
    {
        _writer.SetTime(now);
        CommitPending();
        EndSilentSessions(now);

        foreach (ChatSession session in _sessions.All)
        {
            if (session.NeedsBacklog)
            {
                _outbox.LoadBacklog(session);
                if (!session.NeedsBacklog)
                {
                    _groups.LoadBacklog(session, now);
                }
            }

            _outbox.Pump(session, now);
            _groups.Pump(session, now);
        }

        Presence.OnTimer(now);
    }

    /// <summary>
    /// Ends sessions with no authenticated datagram for the idle timeout, and sessions that left a datagram
    /// unacknowledged for <see cref="ChatRelayLimits.RetransmitGiveUp"/> since its first send (retransmission is bounded
    /// per datagram; what was not delivered stays undelivered in the store and goes out at the next login).
    /// </summary>
    private void EndSilentSessions(Instant now)
    {
        Duration idle = Duration.FromTimeSpan(_limits.SessionIdleTimeout);
        long giveUpBefore = now.ToUnixTimeTicks() - _limits.RetransmitGiveUp.Ticks;
        _expired.Clear();
        _unanswered.Clear();
        foreach (ChatSession session in _sessions.All)
        {
            if (now - session.LastActivity > idle)
            {
                _expired.Add(session);
            }
            else if (session.UnacknowledgedSinceTicks() < giveUpBefore)
            {
                _unanswered.Add(session);
            }
        }

        foreach (ChatSession session in _expired)
        {
            _sessions.Remove(session);
            _counters.Increment(ChatEvents.SessionExpired);
            _logger.SessionExpired(session.User, idle.TotalSeconds);
            Presence.SessionEnded(session, now);
        }

        foreach (ChatSession session in _unanswered)
        {
            _sessions.Remove(session);
            _counters.Increment(ChatEvents.RetransmitGaveUp);
            _logger.RetransmitGaveUp(session.User, _limits.RetransmitGiveUp.TotalSeconds);
            Presence.SessionEnded(session, now);
        }
    }

    /// <summary>DATA (1:1) and GROUP_DATA (<paramref name="toGroup"/>): the same fragments and ACKs; only the complete submission goes to a different place.</summary>
    private HandlerResult OnData(ChatSession session, ReadOnlySpan<byte> body, Span<byte> reply, Instant now, bool toGroup = false)
    {
        // Per-account limit (Chat/RateLimit): over it, the fragment is dropped unacknowledged, so the client resends it later.
        if (_rateLimiter is not null && !_rateLimiter.AdmitData(session, reply, now, out HandlerResult limited))
        {
            return limited;
        }

        if (!SessionBodyCodec.TryReadData(body, out DataFragment fragment))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        var messageId = new Guid(fragment.MessageId, bigEndian: true);
        byte[]? envelope = session.Reassembler.Add(messageId, fragment.Index, fragment.Count, fragment.Chunk);
        if (envelope is null)
        {
            int length = SessionBodyCodec.WriteAck(SessionDatagramWriter.BodyArea(reply), new AckBody(messageId, fragment.Index));
            return SessionDatagramWriter.Reply(reply, session, ChatMessageType.Ack, length, now);
        }

        // The last fragment: its ACK leaves before the RECEIPT or REJECT it leads to, and not at all when the store fails.
        if (toGroup)
        {
            _groups.Submit(session, messageId, fragment.Index, envelope, now);
        }
        else
        {
            Submit(session, messageId, fragment.Index, envelope, now);
        }

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
            _outbox.SendAck(session, messageId, lastIndex);
            _outbox.Reject(session, messageId, IsTextTooLarge(envelope) ? ChatErrorCode.MessageTooLarge : ChatErrorCode.Malformed);
            return;
        }

        try
        {
            if (!ChatUserName.IsValid(submission.To) || _store.FindUser(submission.To) is null)
            {
                _outbox.SendAck(session, messageId, lastIndex);
                _outbox.Reject(session, messageId, ChatErrorCode.UnknownRecipient);
                return;
            }
        }
        catch (ChatStoreException ex)
        {
            StoreFailed(ex);
            _outbox.Reject(session, messageId, ChatErrorCode.StoreUnavailable);
            return;
        }

        _pendingCommits.Add(new PendingCommit(session, lastIndex, new CommitRequest(messageId, session.User, submission.To, submission.Text, now)));
        if (_batchDepth == 0)
        {
            CommitPending();
        }
    }

    /// <summary>Commits the deferred submissions in one store call; then ACK + RECEIPT(sent) each, or REJECT StoreUnavailable all (no ACK).</summary>
    private void CommitPending()
    {
        if (_pendingCommits.Count == 0)
        {
            return;
        }

        _commitRequests.Clear();
        foreach (PendingCommit pending in _pendingCommits)
        {
            _commitRequests.Add(pending.Request);
        }

        IReadOnlyList<CommitOutcome> outcomes;
        try
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            outcomes = _store.CommitAll(_commitRequests);
            _counters.RecordCommit(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch (ChatStoreException ex)
        {
            StoreFailed(ex);
            foreach (PendingCommit pending in _pendingCommits)
            {
                _outbox.Reject(pending.Session, pending.Request.MessageId, ChatErrorCode.StoreUnavailable);
            }

            _pendingCommits.Clear();
            return;
        }

        // Acknowledging only sends and pumps sessions; it never submits, so the list cannot change under the loop.
        for (int i = 0; i < _pendingCommits.Count; i++)
        {
            Acknowledge(_pendingCommits[i], outcomes[i]);
        }

        _pendingCommits.Clear();
    }

    private void Acknowledge(PendingCommit pending, CommitOutcome outcome)
    {
        ChatSession session = pending.Session;
        Guid messageId = pending.Request.MessageId;
        Instant now = pending.Request.CommittedAt;
        _outbox.SendAck(session, messageId, pending.LastIndex);
        StoredMessage message = outcome.Message;
        if (outcome.WasDuplicate && !string.Equals(message.Sender, session.User, StringComparison.Ordinal))
        {
            // Another user's message id: never confirm someone else's message.
            _outbox.Reject(session, messageId, ChatErrorCode.Malformed);
            return;
        }

        _counters.Increment(outcome.WasDuplicate ? ChatEvents.DuplicateSubmission : ChatEvents.Committed);
        _outbox.QueueReceipt(session, new ReceiptBody(messageId, DeliveryState.Sent, message.InboxSequence, message.CommittedAt.ToUnixTimeMilliseconds()));
        _outbox.Pump(session, now);
        if (!outcome.WasDuplicate && _sessions.FindUser(message.Recipient) is { NeedsBacklog: false } recipient)
        {
            _outbox.Refill(recipient);
            _outbox.Pump(recipient, now);
        }
    }

    /// <summary>A complete, checked submission waiting for the batch's commit.</summary>
    private readonly record struct PendingCommit(ChatSession Session, ushort LastIndex, CommitRequest Request);

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

        if (SessionBodyCodec.TryGetReceiptAckState(ack.Index, out DeliveryState ackedState))
        {
            if (session.Receipts.TryGetValue(ack.MessageId, out PendingReceipt? receipt) && receipt.Acknowledge(ackedState))
            {
                session.Receipts.Remove(ack.MessageId);
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
            _outbox.Refill(session);
            _outbox.Pump(session, now);
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
                _outbox.Reject(session, receipt.MessageId, ChatErrorCode.StoreUnavailable);
                return HandlerResult.NoReply;
            }

            if (session.Deliveries.Remove(receipt.MessageId))
            {
                _outbox.Refill(session);
                _outbox.Pump(session, now);
            }

            if (advanced is not null)
            {
                _counters.Increment(receipt.State == DeliveryState.Read ? ChatEvents.Read : ChatEvents.Delivered);
                if (receipt.State == DeliveryState.Delivered)
                {
                    _counters.RecordDeliveryLatency((now - advanced.CommittedAt).ToTimeSpan());
                }

                if (advanced.Group is not null)
                {
                    _groups.OnCopyAdvanced(advanced, now); // a member's copy of a group message: the sender gets counts
                }
                else if (_sessions.FindUser(advanced.Sender) is { } sender)
                {
                    _outbox.QueueReceipt(sender, new ReceiptBody(advanced.MessageId, advanced.State, advanced.InboxSequence, now.ToUnixTimeMilliseconds()));
                    _outbox.Pump(sender, now);
                }
            }
        }

        int length = SessionBodyCodec.WriteAck(SessionDatagramWriter.BodyArea(reply), new AckBody(receipt.MessageId, SessionBodyCodec.ReceiptAckIndex(receipt.State)));
        return SessionDatagramWriter.Reply(reply, session, ChatMessageType.Ack, length, now);
    }

    private HandlerResult OnLogout(ChatSession session, Instant now)
    {
        _sessions.Remove(session);
        _counters.Increment(ChatEvents.LoggedOut);
        _logger.LoggedOut(session.User);
        Presence.SessionEnded(session, now); // offline at once, not after the session timeout
        return HandlerResult.NoReply;
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
