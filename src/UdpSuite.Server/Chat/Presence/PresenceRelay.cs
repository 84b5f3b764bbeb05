using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Relay;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Chat.Presence;

/// <summary>
/// Presence and server-side contacts inside the relay (docs/PROTOCOL.md, "Presence and contacts"): answers PRESENCE_SET,
/// and CONTACT_ADD/REMOVE/LIST through its <see cref="ContactResponder"/>, with REPLY (a retransmitted request gets the
/// remembered REPLY, an older one is dropped),
/// takes PRESENCE_ACKs, and turns every change of a user's published presence (login, logout, session expiry, idle away,
/// a chosen state) into PRESENCE pushes to that user's online watchers (<see cref="IPresenceAudience"/>), each
/// retransmitted until acknowledged. At login a session gets the presence of everyone it watches. Contact requests and
/// audience reads are store items of the core's open batch (<see cref="ContactRequestItem"/>, <see cref="AudienceItem"/>),
/// finished when they complete. The audience is read per change rather than cached: a cache of X's watchers would have
/// to follow every contact and group change of other users (a join changes the peers of every member), while a read
/// is one store item per change or login and always current. Not thread-safe: the
/// chat handler's lock serialises it with the relay.
/// </summary>
internal sealed class PresenceRelay
{
    private readonly SessionTable _sessions;
    private readonly ContactResponder _contactRequests;
    private readonly StorePipeline _pipeline;
    private readonly HashSet<(ChatSession Session, uint RequestId)> _executing = [];
    private readonly HashSet<ChatSession> _starting = [];
    private readonly IPresenceAudience _audience;
    private readonly PresenceLimits _limits;
    private readonly ChatCounters _counters;
    private readonly SessionDatagramWriter _writer;
    private readonly Action<ChatStoreException> _storeFailed;
    private readonly ILogger _logger;
    private readonly List<PresenceInfo> _changes = [];
    private Instant _nextIdleScan = Instant.MinValue;

    public PresenceRelay(
        SessionTable sessions,
        StorePipeline pipeline,
        IPresenceAudience audience,
        PresenceLimits limits,
        ChatCounters counters,
        SessionDatagramWriter writer,
        Action<ChatStoreException> storeFailed,
        ILogger logger)
    {
        _sessions = sessions;
        _pipeline = pipeline;
        _contactRequests = new ContactResponder(limits.MaxContacts, counters, storeFailed);
        _audience = audience;
        _limits = limits;
        _counters = counters;
        _writer = writer;
        _storeFailed = storeFailed;
        _logger = logger;
        Tracker = new PresenceTracker(Duration.FromTimeSpan(limits.AwayAfter));
    }

    /// <summary>Everyone's presence (for diagnostics and tests).</summary>
    public PresenceTracker Tracker { get; }

    /// <summary>
    /// Notes user activity on the way in: a DATA fragment or a RECEIPT(read) brings an idle-away user back online.
    /// Keepalives, ACKs and automatic delivered receipts don't count. Allocation-free unless the presence changes.
    /// </summary>
    public void OnDatagram(ChatSession session, ChatMessageType type, ReadOnlySpan<byte> body, Instant now)
    {
        bool userActivity = type == ChatMessageType.Data
            || (type == ChatMessageType.Receipt && body.Length > ChatWire.MessageIdLength && body[ChatWire.MessageIdLength] == (byte)DeliveryState.Read);
        if (userActivity && !session.Transient && Tracker.Activity(session.User, now, out PresenceInfo changed))
        {
            Publish(changed);
        }
    }

    /// <summary>Handles a datagram of the presence range (0x30-0x3F) from <paramref name="session"/>; <paramref name="reply"/> serves as scratch space for the REPLY body.</summary>
    public HandlerResult Handle(ChatMessageType type, ChatSession session, ReadOnlySpan<byte> body, Span<byte> reply, Instant now)
    {
        switch (type)
        {
            case ChatMessageType.PresenceAck:
                if (!PresenceCodec.TryReadPresenceAck(body, out PresenceAckBody ack))
                {
                    return HandlerResult.Drop(ChatDropReasons.Malformed);
                }

                session.Presence.Acknowledge(ack.User, ack.Version);
                return HandlerResult.NoReply;
            case ChatMessageType.PresenceSet or ChatMessageType.ContactAdd or ChatMessageType.ContactRemove or ChatMessageType.ContactList:
                return Request(type, session, body, reply, now);
            default:
                return HandlerResult.Drop(ChatDropReasons.UnknownType);
        }
    }

    /// <summary>
    /// A contact request's store item completed: its REPLY is remembered (unless a newer request was answered meanwhile)
    /// and sent when the session is still current; a contact just added has its presence queued for the owner at once.
    /// </summary>
    public void Answered(in ContactRequestItem item, Instant now)
    {
        ChatSession session = item.Session;
        _executing.Remove((session, item.RequestId));
        int length = _contactRequests.Finish(item, _writer.Body, out string? added);
        if (!_sessions.IsCurrent(session))
        {
            return;
        }

        if (item.RequestId >= session.Presence.LastRequestId)
        {
            session.Presence.Remember(item.RequestId, _writer.Body[..length]);
        }

        _writer.Send(session, ChatMessageType.Reply, length);
        if (added is not null)
        {
            Enqueue(session, Tracker.Current(added, now)); // the new contact's presence follows at once
            Pump(session, now);
        }
    }

    /// <summary>
    /// A session of <paramref name="session"/>'s user ended (logout, expiry, SESSION_END): offline at once when it was the
    /// user's last receiving session; a transient session's end changes nothing.
    /// </summary>
    public void SessionEnded(ChatSession session, Instant now)
    {
        if (!session.Transient && !_sessions.HasReceiving(session.User) && Tracker.SessionEnded(session.User, now, out PresenceInfo changed))
        {
            Publish(changed);
        }
    }

    /// <summary>Periodic work: announce new sessions and send their snapshots, move idle users to away, (re)send pushes that are due.</summary>
    public void OnTimer(Instant now)
    {
        foreach (ChatSession session in _sessions.All)
        {
            if (session.Presence.NeedsStart)
            {
                Start(session); // a store item: the session starts when it completes
            }
        }

        if (now >= _nextIdleScan)
        {
            _nextIdleScan = now + Duration.FromTimeSpan(_limits.IdleScanInterval);
            _changes.Clear();
            Tracker.CollectIdle(now, _changes);
            foreach (PresenceInfo changed in _changes)
            {
                Publish(changed);
            }
        }

        foreach (ChatSession session in _sessions.All)
        {
            if (session.Presence.PendingCount > 0)
            {
                Pump(session, now);
            }
        }
    }

    /// <summary>Sends <paramref name="session"/>'s pushes that are due: new ones (at most <see cref="PresenceLimits.MaxFirstSendsPerTick"/>), and retransmissions.</summary>
    public void Pump(ChatSession session, Instant now)
    {
        long nowTicks = now.ToUnixTimeTicks();
        TimeSpan rto = session.Retransmission.Timeout;
        int firstSends = 0;
        foreach (PendingPresence pending in session.Presence.Pending)
        {
            if (!pending.IsDue(nowTicks, rto) || (pending.Sends == 0 && firstSends >= _limits.MaxFirstSendsPerTick))
            {
                continue;
            }

            if (pending.Sends == 0)
            {
                firstSends++;
                _counters.Increment(PresenceEvents.Pushed);
            }
            else
            {
                _counters.Increment(PresenceEvents.Retransmitted);
            }

            _writer.SendPush(session, pending, nowTicks);
        }
    }

    /// <summary>Login: publish the user's presence (online unless chosen otherwise) and queue what the new session watches.</summary>
    private void Start(ChatSession session)
    {
        if (_starting.Add(session))
        {
            _pipeline.Open.Audiences.Add(new AudienceItem(_audience, session, default));
        }
    }

    /// <summary>
    /// An audience read completed. A login snapshot (the new session is still current and not started): the presence
    /// of everyone it watches is queued, then the user's own presence is published; on a store failure it is tried
    /// again on the next tick. A change: queued for every online watcher that has started (one that has not gets the
    /// current state in its login snapshot); on a store failure watchers catch up with the next change or at their next
    /// login.
    /// </summary>
    public void Completed(in AudienceItem item, Instant now)
    {
        if (item.Starting is { } session)
        {
            _starting.Remove(session);
            if (!_sessions.IsCurrent(session) || !session.Presence.NeedsStart)
            {
                return;
            }

            if (item.Failure is { } failed)
            {
                _storeFailed(failed);
                return;
            }

            session.Presence.NeedsStart = false;
            if (session.StoredChoice is { } kept)
            {
                Tracker.Restore(session.User, kept.State, kept.Status, now);
            }

            foreach (string user in item.Users ?? [])
            {
                Enqueue(session, Tracker.Current(user, now));
            }

            if (!session.Transient && Tracker.SessionStarted(session.User, now, out PresenceInfo started))
            {
                Publish(started);
            }

            if (session.StoredChoice is not null)
            {
                Enqueue(session, Tracker.Current(session.User, now)); // the account's kept choice, for the session to show as its own
            }

            Pump(session, now);
            return;
        }

        if (item.Failure is { } failure)
        {
            _storeFailed(failure);
            return;
        }

        IEnumerable<string> watchers = item.ToSelf ? (item.Users ?? []).Append(item.Changed.User).Distinct(StringComparer.Ordinal) : item.Users ?? [];
        foreach (string watcher in watchers)
        {
            foreach (ChatSession watching in _sessions.SessionsOf(watcher))
            {
                if (!watching.Presence.NeedsStart)
                {
                    Enqueue(watching, item.Changed);
                    Pump(watching, now);
                }
            }
        }
    }

    /// <summary>
    /// Counts and logs <paramref name="changed"/> and reads who watches its user (a store item, see <see cref="Completed"/>).
    /// While the store is behind the push is skipped, as when the read fails: watchers catch up with the next change or
    /// at their next login.
    /// </summary>
    private void Publish(PresenceInfo changed, bool toSelf = false)
    {
        _counters.Increment(PresenceEvents.Changed);
        _logger.PresenceChanged(changed.User, changed.State, changed.Version);
        if (!_pipeline.IsBehind)
        {
            _pipeline.Open.Audiences.Add(new AudienceItem(_audience, null, changed) { ToSelf = toSelf });
        }
    }

    private void Enqueue(ChatSession session, PresenceInfo info)
    {
        if (!session.Presence.Queue(info, _limits.MaxPendingPushes))
        {
            _counters.Increment(PresenceEvents.PushDropped);
        }
    }

    /// <summary>A request with an id: answered once, the answer remembered for a retransmission of the same id, older ids dropped.</summary>
    private HandlerResult Request(ChatMessageType type, ChatSession session, ReadOnlySpan<byte> body, Span<byte> reply, Instant now)
    {
        if (body.Length < 4)
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        uint requestId = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(body);
        SessionPresence presence = session.Presence;
        Span<byte> replyBody = SessionDatagramWriter.BodyArea(reply);
        if (requestId == presence.LastRequestId && requestId != 0)
        {
            SendReply(session, presence.LastReply);
            return HandlerResult.NoReply;
        }

        if (_executing.Contains((session, requestId)))
        {
            return HandlerResult.NoReply; // its store item is pending: the completion answers it, once
        }

        if (requestId < presence.LastRequestId)
        {
            _counters.Increment(PresenceEvents.StaleRequest);
            return HandlerResult.NoReply;
        }

        if (type != ChatMessageType.PresenceSet)
        {
            ActivityFrom(session, now); // choosing a state is activity too, but publishes once, below
        }

        ContactRequestItem item = default;
        int length = type == ChatMessageType.PresenceSet
            ? SetPresence(session, body, replyBody, now)
            : _contactRequests.Start(type, session, body, replyBody, now, out item);
        if (length < 0)
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        if (length == 0)
        {
            if (_pipeline.IsBehind)
            {
                return HandlerResult.Drop(ChatDropReasons.StoreBehind); // unanswered: the client resends it
            }

            // The store decides; Answered replies when the item completes.
            _executing.Add((session, requestId));
            _pipeline.Open.ContactRequests.Add(item);
            return HandlerResult.NoReply;
        }

        presence.Remember(requestId, replyBody[..length]);
        SendReply(session, presence.LastReply);
        return HandlerResult.NoReply;
    }

    /// <summary>
    /// REPLYs go out through the session's writer, not as the receive loop's inline reply: a contact page is far larger
    /// than the small request, and the loop holds every inline reply to 3x its request (the rule for unauthenticated
    /// senders; a session's peer address is authenticated by the MAC of its last datagram).
    /// </summary>
    private void SendReply(ChatSession session, ReadOnlySpan<byte> body)
    {
        body.CopyTo(_writer.Body);
        _writer.Send(session, ChatMessageType.Reply, body.Length);
    }

    private int SetPresence(ChatSession session, ReadOnlySpan<byte> body, Span<byte> replyBody, Instant now)
    {
        if (!PresenceCodec.TryReadPresenceSet(body, out PresenceSetBody set))
        {
            return -1;
        }

        if (Tracker.Choose(session.User, set.State, set.Status, now, out PresenceInfo changed))
        {
            Publish(changed, toSelf: true); // a choice is the account's: the user's other sessions show it too
        }

        // The choice belongs to the account: kept by the store across re-logins and restarts.
        _pipeline.Open.PresenceChoices.Add(new PresenceChoiceItem(session.User, new PresenceChoice(set.State, set.Status, Tracker.Current(session.User, now).Version, now)));

        return PresenceCodec.WriteReply(replyBody, new ReplyHeader(set.RequestId, ChatErrorCode.None));
    }

    private void ActivityFrom(ChatSession session, Instant now)
    {
        // A one-shot command is not the user at a screen: it changes nothing others see.
        if (!session.Transient && Tracker.Activity(session.User, now, out PresenceInfo changed))
        {
            Publish(changed);
        }
    }
}
