using System.Net;
using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Noise;
using UdpSuite.Server.Chat.Login;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.RateLimit;
using UdpSuite.Server.Chat.Relay;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// The chat listener's decisions without I/O (after ntp-proto's <c>Server::handle -> ServerAction</c>): owns the
/// <see cref="ChannelServer"/> (handshakes, cookies, probes, sealed datagrams, path validation), the
/// <see cref="ChannelLoginResponder"/>, the <see cref="ChatRelay"/> and the session table, and consumes inputs — a
/// received datagram (bytes, source, receive time), a timer tick, the start and end of a receive batch, and the
/// completion of a store request (<see cref="Complete"/>). Every datagram it wants sent, inline answers and its own sends
/// alike (deliveries, retransmissions, receipts, presence pushes, group results, path challenges, SLOW_DOWN), is
/// appended to <see cref="Actions"/> with its destination and route; it has no socket and reads no clock (time is an
/// input). The I/O shell runs the datagrams through one exit (<see cref="ChatDatagramExit"/>).
/// <para>
/// The core does no store I/O: it holds no store, and everything it needs from one is a store request, an action like
/// the datagrams (<see cref="ChatActions.StoreRequests"/>, one <see cref="StoreBatch"/> per batch of inputs, at most
/// <see cref="StorePipeline.MaxInFlight"/> issued at once) — the login's account lookups and REGISTERs, GROUP_REQUESTs
/// (create, join, leave, rename, members, list), contact requests, presence audiences (login snapshots and pushes), commits
/// of 1:1 and group submissions with their recipient check, delivered/read receipts (with group counts), what senders
/// acknowledged, and every read of deliveries and of the login backlog. The shell runs the requests on one store worker,
/// in issue order, and hands each back through <see cref="Complete"/>, which sends what depends on it (LOGIN_PARAMS,
/// REGISTERED, GROUP_RESULT and contact REPLYs only then; ACK of a completing fragment and RECEIPT(sent) only after a
/// durable commit). A request resent while its item is pending is not run again: the completion answers it. The
/// store's server secret (decoy salts, invite-code hashes) never changes and is passed in at construction.
/// </para>
/// Not thread-safe: the shell serialises every input.
/// </summary>
internal sealed class ChatRelayCore : IDisposable
{
    private readonly ChannelServer _channels;
    private readonly ChannelLoginResponder _login;
    private readonly ChatRelay _relay;
    private readonly SessionTable _sessions;
    private readonly ChatRateLimiter? _rateLimiter;
    private readonly ChatCounters _counters;
    private readonly SourceEndPoints _endpoints = new();
    private readonly StorePipeline _store;
    private readonly byte[] _opened = new byte[ChatWire.MaxDatagram];
    private readonly byte[] _reply = new byte[ChatWire.MaxDatagram];
    private readonly byte[] _challenge = new byte[ChatWire.MaxDatagram];
    private int _batchDepth;

    /// <summary>
    /// A core proving <paramref name="staticKey"/> in every handshake and naming itself <paramref name="serverName"/>
    /// (at most 64 UTF-8 bytes); <paramref name="startedAt"/> seeds the cookie secrets. Actions go to <paramref name="actions"/>.
    /// <paramref name="serverSecret"/> is the store's server secret (<see cref="IChatStore.ServerSecret"/>, read once by the
    /// shell: it never changes) for decoy salts and invite-code hashes; <paramref name="presenceAudience"/> is only
    /// handed to audience items, which the store worker runs. The core holds no store.
    /// </summary>
    public ChatRelayCore(
        byte[] serverSecret,
        IPresenceAudience presenceAudience,
        ChatRelayLimits limits,
        ChatCounters counters,
        NoiseKeyPair staticKey,
        string serverName,
        Instant startedAt,
        ChatActions actions,
        ILogger logger,
        ChatRateLimiter? rateLimiter = null,
        PresenceLimits? presenceLimits = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _counters = counters;
        _rateLimiter = rateLimiter;
        _sessions = new SessionTable(limits.MaxSessionsPerUser);
        Actions = actions;
        var channelOptions = new ChannelServerOptions { Load = limits.Handshake, PendingLoginTimeout = limits.PendingLoginLifetime };
        _channels = new ChannelServer(staticKey, serverName, channelOptions, ChannelTime.Of(startedAt));
        _store = new StorePipeline(limits.MaxPendingStoreItems);
        _login = new ChannelLoginResponder(serverSecret, _store, _sessions, _channels, limits, counters, logger);
        _relay = new ChatRelay(serverSecret, presenceAudience, _store, _sessions, actions, limits, counters, logger, rateLimiter, presenceLimits);
        _sessions.Removed += session => _channels.Close(session.Id);
    }

    /// <summary>The datagrams decided so far and not yet run by the shell.</summary>
    public ChatActions Actions { get; }

    /// <summary>Sessions logged in now.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Completed handshakes waiting for their login.</summary>
    public int PendingLoginCount => _login.PendingCount;

    /// <summary>Complete submissions waiting for the open batch's group commit (not yet issued to the store).</summary>
    public int PendingCommitCount => _store.Open.Submissions.Count;

    /// <summary>Store items issued or collected and not completed.</summary>
    public int PendingStoreItems => _store.Pending;

    /// <summary>The oldest logged-in session of <paramref name="user"/>, or null.</summary>
    public ChatSession? SessionOf(string user) => _sessions.SessionsOf(user) is [var first, ..] ? first : null;

    /// <summary>Every logged-in session of <paramref name="user"/>, oldest login first.</summary>
    public IReadOnlyList<ChatSession> SessionsOf(string user) => _sessions.SessionsOf(user);

    /// <summary>What watchers are told about <paramref name="user"/> at <paramref name="now"/>.</summary>
    public PresenceInfo PresenceOf(string user, Instant now) => _relay.Presence.Tracker.Current(user, now);

    /// <summary>
    /// Takes one datagram from <paramref name="source"/> received at <paramref name="now"/>; what to send is appended to
    /// <see cref="Actions"/>. Returns the drop reason (a metric tag) when the datagram was dropped, else null.
    /// <paramref name="source"/> may be a reused buffer: actions addressed to it must be run before it changes.
    /// </summary>
    public string? Receive(ReadOnlySpan<byte> datagram, SocketAddress source, Instant now)
    {
        string? dropped = Take(datagram, source, now);
        if (_batchDepth == 0)
        {
            _store.Flush(Actions);
        }

        return dropped;
    }

    /// <summary>Periodic work at <paramref name="now"/>: handshake expiry, retransmissions, session expiry, path challenges; issues what waits for the store.</summary>
    public void Tick(Instant now)
    {
        _channels.ExpirePending(ChannelTime.Of(now));
        _login.Prune();
        _relay.OnTimer(now);
        ResendPathChallenges(now);
        _store.Flush(Actions); // a batch that never ends delays its store items by one tick at most
    }

    /// <summary>A receive batch starts: store items (complete submissions among them) wait for its end (one group commit). Batches may nest.</summary>
    public void BeginBatch() => _batchDepth++;

    /// <summary>The batch ends: when no other is open, its store items are issued as one request.</summary>
    public void EndBatch()
    {
        _batchDepth = Math.Max(0, _batchDepth - 1);
        if (_batchDepth == 0)
        {
            _store.Flush(Actions);
        }
    }

    /// <summary>
    /// The store worker ran <paramref name="batch"/> (one of <see cref="ChatActions.StoreRequests"/>) at or before
    /// <paramref name="now"/>: finishes its items (answers, deliveries; see <see cref="ChatRelay.Complete"/>) and issues
    /// the store items collected meanwhile (at the end of the receive batch when one is open). Completions must come in
    /// issue order.
    /// </summary>
    public void Complete(StoreBatch batch, Instant now)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!_store.IsNext(batch))
        {
            throw new InvalidOperationException($"store request {batch.Id} completed out of order: the store worker must run requests in issue order");
        }

        foreach (LoginStoreItem item in batch.Logins)
        {
            HandlerResult answer = _login.Answered(item, _reply, now);
            if (answer.IsReply)
            {
                Actions.ToValidatedSession(_reply.AsSpan(0, answer.ReplyLength), item.Login.Peer);
            }
        }

        _relay.Complete(batch, now);
        _store.Completed(batch);
        if (_batchDepth == 0)
        {
            _store.Flush(Actions); // inside a receive batch its end issues them, so the batch's submissions share one commit
        }
    }

    public void Dispose() => _channels.Dispose();

    private string? Take(ReadOnlySpan<byte> datagram, SocketAddress source, Instant now)
    {
        if (ChannelPrefix.Classify(datagram, out _) == PrefixKind.NotChat)
        {
            return ChatDropReasons.NotChat;
        }

        // Per-source limit on everything with the magic, before any crypto work (handshakes, AEAD); see Chat/RateLimit.
        if (_rateLimiter?.AdmitSource(source, now) is { } limited && limited.Verdict != ChatRateVerdict.Allow)
        {
            // The only answer is a SLOW_DOWN sealed for a live session whose validated address is this source.
            if (limited.Verdict == ChatRateVerdict.Notify && TransportHeader.TryPeekSessionId(datagram, out ulong limitedId)
                && _sessions.TryGet(limitedId, out ChatSession limitedSession) && limitedSession.Peer.Equals(source))
            {
                int bodyLength = limited.WriteSlowDown(SessionDatagramWriter.BodyArea(_reply));
                HandlerResult notice = SessionDatagramWriter.Reply(_reply, limitedSession, ChatMessageType.SlowDown, bodyLength, now);
                if (notice.IsReply)
                {
                    _counters.Increment(ChatRateLimitDropReasons.NoticeSent);
                    Actions.ToValidatedSession(_reply.AsSpan(0, notice.ReplyLength), limitedSession.Peer);
                }
            }

            return limited.Verdict == ChatRateVerdict.Drop ? ChatRateLimitDropReasons.Source : null;
        }

        ServerReceiveResult received = _channels.Receive(datagram, _endpoints.Get(source), ChannelTime.Of(now), _opened);
        switch (received.Event)
        {
            case ServerEvent.Reply:
                if (received.SessionId != 0)
                {
                    _login.Started(received.SessionId, source);
                }

                Actions.ToRequestSource(_opened.AsSpan(0, received.Length), source, datagram.Length);
                return null;
            case ServerEvent.PathValidated:
                OnPathValidated(received.SessionId, source);
                return null;
            case ServerEvent.Message:
                return OnMessage(received, now);
            default:
                return ChatDropReasons.Of(received.Drop);
        }
    }

    private string? OnMessage(in ServerReceiveResult received, Instant now)
    {
        ulong id = received.SessionId;
        ReadOnlySpan<byte> body = _opened.AsSpan(1, received.Length);
        ChatSession? session = _sessions.TryGet(id, out ChatSession found) ? found : null;
        PendingChannelLogin? login = session is null ? _login.Find(id) : null;
        if (received.PathChallengeDue)
        {
            // Sealed, so the content is the client's; the address is not trusted until it answers a challenge there.
            if (session is not null)
            {
                session.HasPathCandidate = true;
            }
            else if (login is not null)
            {
                login.HasPathCandidate = true;
            }

            SendPathChallenge(id, now);
        }

        HandlerResult result;
        if (session is not null)
        {
            result = received.InnerType == (byte)ChannelMessageType.LoginProof
                ? ChannelLoginResponder.RepeatWelcome(session, body, _reply, now)
                : _relay.Handle(session, (ChatMessageType)received.InnerType, body, _reply, now);
        }
        else
        {
            result = _login.Handle(id, received.InnerType, body, _reply, now);
            session = _sessions.TryGet(id, out found) ? found : null; // a WELCOME just opened it
        }

        // Answers go to the validated address, never to one that has not answered a challenge.
        if (result.IsReply && (session?.Peer ?? login?.Peer) is { } validated)
        {
            Actions.ToValidatedSession(_reply.AsSpan(0, result.ReplyLength), validated);
        }

        return result.DropReason;
    }

    private void OnPathValidated(ulong sessionId, SocketAddress from)
    {
        _counters.Increment(ChatEvents.PathValidated);
        if (_sessions.TryGet(sessionId, out ChatSession session))
        {
            session.MoveTo(from);
        }
        else if (_login.Find(sessionId) is { } login)
        {
            login.Peer = ChatSession.Copy(from);
            login.HasPathCandidate = false;
        }
    }

    /// <summary>Path challenges are retransmitted (at most 3, 1 s apart, within 3x) until answered; the channel decides when.</summary>
    private void ResendPathChallenges(Instant now)
    {
        foreach (ChatSession session in _sessions.All)
        {
            if (session.HasPathCandidate && !SendPathChallenge(session.Id, now))
            {
                session.HasPathCandidate = _channels.HasPathCandidate(session.Id);
            }
        }

        foreach ((ulong id, PendingChannelLogin login) in _login.All)
        {
            if (login.HasPathCandidate && !SendPathChallenge(id, now))
            {
                login.HasPathCandidate = _channels.HasPathCandidate(id);
            }
        }
    }

    private bool SendPathChallenge(ulong sessionId, Instant now)
    {
        // TryWritePathChallenge charges exactly this datagram to the candidate's 3x budget before it is written.
        if (!_channels.TryWritePathChallenge(sessionId, ChannelTime.Of(now), _challenge, out int length, out IPEndPoint? candidate) || candidate is null)
        {
            return false;
        }

        Actions.ToPathCandidate(_challenge.AsSpan(0, length), candidate.Serialize(), length);
        _counters.Increment(ChatEvents.PathChallengeSent);
        return true;
    }
}
