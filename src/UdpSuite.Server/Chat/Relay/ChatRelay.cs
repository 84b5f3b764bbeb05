using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Relay.Accounts;
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
/// The message path never waits for the store: commits (with their recipient check), receipts, sender notifications and
/// delivery reads are items of the core's open <see cref="StoreBatch"/>; <see cref="Complete"/> finishes them when the
/// store worker is done (ACK of the completing fragment and RECEIPT(sent) only then, so "sent" means "durable").
/// GROUP_REQUESTs, contact requests and presence audiences are store items too: it never calls the store.
/// Presence and contacts (0x30-0x3F) are handed to <see cref="Presence"/>, which also hears of every login, logout and expiry.
/// Messages that fail a check (malformed, unknown type) are dropped with a reason and not answered;
/// DATA over the per-account rate limit is dropped too, with at most one SLOW_DOWN per notice interval (Chat/RateLimit);
/// DATA and RECEIPTs are dropped unanswered while the store is behind (<see cref="StorePipeline.IsBehind"/>), so clients resend them;
/// a checked submission or request that is refused gets an answer (REJECT, or a REPLY or GROUP_RESULT with an error
/// code). Not thread-safe: the chat handler's lock serialises it.
/// </summary>
internal sealed partial class ChatRelay
{
    private readonly StorePipeline _store;
    private readonly SessionTable _sessions;
    private readonly ChatRelayLimits _limits;
    private readonly ChatCounters _counters;
    private readonly ILogger _logger;
    private readonly ThrottledErrorLog _storeErrors;
    private readonly SessionDatagramWriter _writer;
    private readonly SessionOutbox _outbox;
    private readonly GroupRelay _groups;
    private readonly AccountSessionsRelay _accounts;
    private readonly List<ChatSession> _expired = [];
    private readonly List<ChatSession> _unanswered = [];
    private readonly ChatRateLimiter? _rateLimiter;

    /// <summary>
    /// The relay; <paramref name="serverSecret"/> keys invite-code hashes, <paramref name="audience"/> says who sees whose
    /// presence (read on the store worker, through audience items).
    /// </summary>
    public ChatRelay(
        byte[] serverSecret,
        IPresenceAudience audience,
        StorePipeline pipeline,
        SessionTable sessions,
        ChatActions actions,
        ChatRelayLimits limits,
        ChatCounters counters,
        ILogger logger,
        ChatRateLimiter? rateLimiter = null,
        PresenceLimits? presenceLimits = null)
    {
        _rateLimiter = rateLimiter;
        _store = pipeline;
        _sessions = sessions;
        _limits = limits;
        _counters = counters;
        _logger = logger;
        _storeErrors = new ThrottledErrorLog(logger, TimeSpan.FromSeconds(10));
        _writer = new SessionDatagramWriter(actions);
        _outbox = new SessionOutbox(pipeline, sessions, limits, counters, _writer, StoreFailed);
        _groups = new GroupRelay(serverSecret, pipeline, sessions, _outbox, _writer, limits, counters, logger, StoreFailed);
        Presence = new PresenceRelay(
            sessions, pipeline, audience, presenceLimits ?? new PresenceLimits(), counters, _writer, StoreFailed, logger);
        _accounts = new AccountSessionsRelay(sessions, pipeline, limits, _writer, EndByRequest, StoreFailed);
    }

    /// <summary>Presence and server-side contacts (types 0x30-0x3F, pushes, idle away).</summary>
    public PresenceRelay Presence { get; }

    /// <summary>
    /// A store request of the core came back from the worker: finishes every item — ACK + RECEIPT(sent) (or REJECT) for
    /// each submission, receipts forwarded to senders, deliveries queued — for sessions still in the table; a session
    /// that ended or was replaced meanwhile gets nothing (what was committed stays committed: the client's resend gets
    /// the duplicate's RECEIPT(sent), undelivered messages wait for the next login).
    /// </summary>
    public void Complete(StoreBatch batch, Instant now)
    {
        _writer.SetTime(now);
        if (batch.Submissions.Count > 0)
        {
            _counters.RecordCommit(batch.Elapsed);
        }

        foreach (GroupRequestItem item in batch.GroupRequests)
        {
            _groups.Answered(item);
        }

        foreach (ContactRequestItem item in batch.ContactRequests)
        {
            Presence.Answered(item, now);
        }

        foreach (SubmissionItem item in batch.Submissions)
        {
            item.Session.Committing.Remove(item.MessageId);
            if (item.ToGroup)
            {
                _groups.Committed(item, now);
            }
            else
            {
                Committed(item, now);
            }
        }

        foreach (ReceiptItem item in batch.Receipts)
        {
            Recorded(item, now);
        }

        foreach (NotifiedItem item in batch.Notified)
        {
            if (item.Failure is { } failure)
            {
                StoreFailed(failure); // not fatal: the receipt is pushed again at the next login
            }
        }

        foreach (PresenceChoiceItem item in batch.PresenceChoices)
        {
            if (item.Failure is { } failure)
            {
                StoreFailed(failure); // not fatal: the choice holds in memory until the server restarts
            }
        }

        foreach (HistoryItem item in batch.Histories)
        {
            _accounts.Completed(item, now);
        }

        foreach (DeviceCursorItem item in batch.Cursors)
        {
            if (item.Failure is { } failure)
            {
                StoreFailed(failure); // not fatal: the entries come again at the device's next login, and clients deduplicate
            }
        }

        foreach (ReadItem item in batch.Reads)
        {
            if (!_outbox.OnRead(item, now))
            {
                continue;
            }

            if (item.UnnotifiedGroupReceipts is { } counts)
            {
                _groups.OnBacklog(item.Session, counts, now);
            }

            if (item.ReadElsewhere is { Count: > 0 } read)
            {
                _accounts.CatchUp(item.Session, read, now);
            }
        }

        foreach (AudienceItem item in batch.Audiences)
        {
            Presence.Completed(item, now);
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
            _ when AccountSessionsRelay.Handles(type) => _accounts.Handle(type, session, body, now),
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
        EndSilentSessions(now);

        foreach (ChatSession session in _sessions.All)
        {
            if (session.NeedsBacklog)
            {
                _outbox.LoadBacklog(session, now); // a store request; the session stays NeedsBacklog until it completes
            }

            _outbox.Pump(session, now);
            _groups.Pump(session, now);
            _accounts.Pump(session, now);
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

    /// <summary>The per-account limit's notice: an authenticated SLOW_DOWN sealed into <paramref name="reply"/>.</summary>
    private HandlerResult SlowDown(Span<byte> reply, ChatSession session, in ChatRateDecision decision, Instant now)
    {
        _counters.Increment(ChatRateLimitDropReasons.NoticeSent);
        int length = decision.WriteSlowDown(SessionDatagramWriter.BodyArea(reply));
        return SessionDatagramWriter.Reply(reply, session, ChatMessageType.SlowDown, length, now);
    }

    private HandlerResult OnLogout(ChatSession session, Instant now)
    {
        _sessions.Remove(session);
        _counters.Increment(ChatEvents.LoggedOut);
        _logger.LoggedOut(session.User);
        Presence.SessionEnded(session, now); // offline at once, not after the session timeout
        return HandlerResult.NoReply;
    }

    /// <summary>SESSION_END: another session of the user (or the session itself) ends it, as if it had timed out.</summary>
    private void EndByRequest(ChatSession session, Instant now)
    {
        _sessions.Remove(session);
        _counters.Increment(ChatEvents.SessionEnded);
        _logger.LoggedOut(session.User);
        Presence.SessionEnded(session, now);
    }

    private void StoreFailed(ChatStoreException ex)
    {
        _counters.Increment(ChatEvents.StoreError);
        _storeErrors.Report("chat", "chat store unavailable; messages are refused until it recovers", ex);
    }
}
