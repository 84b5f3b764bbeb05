using System.Net;
using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Server.Chat.Login;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.RateLimit;
using UdpSuite.Server.Chat.Relay;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;
using UdpSuite.Server.Hosting;
using UdpSuite.Server.Security;

namespace UdpSuite.Server.Chat;

/// <summary>
/// The <c>chat</c> listener, protocol version 2 (docs/PROTOCOL.md): datagrams without the "UC" magic are dropped;
/// every other one goes through the per-source rate limit and then the <see cref="ChannelServer"/>, which answers
/// PROBEs and handshake openings (with cookies under load), answers other protocol versions with ERROR
/// UnsupportedVersion, and opens sealed datagrams. Opened messages of channels still logging in go to the
/// <see cref="ChannelLoginResponder"/>, those of logged-in sessions to the <see cref="ChatRelay"/>. Anything that fails
/// to parse, authenticate or decrypt is dropped silently and counted, like a lost datagram. Replies go to the session's
/// validated address only; a datagram from a new address starts a path challenge there (at most 3x the bytes received
/// from it) and moves the session only when answered. One lock serialises all of it and the timer.
/// </summary>
public sealed class ChatHandler : IServerInitiatedHandler, IBatchAwareHandler, IDisposable
{
    private readonly object _gate = new();
    private readonly ChannelServer _channels;
    private readonly ChannelLoginResponder _login;
    private readonly ChatRelay _relay;
    private readonly SessionTable _sessions = new();
    private readonly ChatRelayLimits _limits;
    private readonly ChatRateLimiter? _rateLimiter;
    private readonly SourceEndPoints _endpoints = new();
    private readonly byte[] _opened = new byte[ChatWire.MaxDatagram];
    private readonly byte[] _challenge = new byte[ChatWire.MaxDatagram];
    private IDatagramSender? _sender;

    /// <summary>
    /// The listener; <paramref name="identity"/> is the server's static key (the channel proves it in every handshake);
    /// <paramref name="rateLimiter"/> holds the per-source and per-account limits (Chat/RateLimit), null for none;
    /// <paramref name="presenceLimits"/> null means the defaults; <paramref name="presenceAudience"/> null means contacts
    /// and group co-members (<see cref="SocialPresenceAudience"/>).
    /// </summary>
    public ChatHandler(
        IChatStore store,
        ChatRelayLimits limits,
        ChatCounters counters,
        ServerName serverName,
        ServerIdentity identity,
        IClock clock,
        ILogger<ChatHandler> logger,
        ChatRateLimiter? rateLimiter = null,
        PresenceLimits? presenceLimits = null,
        IPresenceAudience? presenceAudience = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(clock);
        _limits = limits;
        _rateLimiter = rateLimiter;
        Counters = counters;
        var channelOptions = new ChannelServerOptions { Load = limits.Handshake, PendingLoginTimeout = limits.PendingLoginLifetime };
        _channels = new ChannelServer(identity.KeyPair, ChannelServerName(serverName.Value), channelOptions, ChannelTime.Of(clock.GetCurrentInstant()));
        _login = new ChannelLoginResponder(store, _sessions, _channels, limits, counters, logger);
        _relay = new ChatRelay(store, _sessions, limits, counters, logger, rateLimiter, presenceLimits, presenceAudience);
        _sessions.Removed += session => _channels.Close(session.Id);
        counters.ObserveSessions(() => SessionCount);
        if (store is SqliteChatStore sqlite && sqlite.LegacyAccountCount() is > 0 and long legacy)
        {
            logger.LegacyAccounts(legacy);
        }
    }

    public string Name => ListenerNames.Chat;

    public TimeSpan TickInterval => _limits.TickInterval;

    /// <summary>Events and drops by reason since start.</summary>
    public ChatCounters Counters { get; }

    /// <summary>Sessions logged in now.</summary>
    public int SessionCount
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Completed handshakes waiting for their login (diagnostics and tests).</summary>
    public int PendingLoginCount
    {
        get
        {
            lock (_gate)
            {
                return _login.PendingCount;
            }
        }
    }

    /// <summary>What watchers are told about <paramref name="user"/> at <paramref name="now"/> (diagnostics and tests).</summary>
    public PresenceInfo PresenceOf(string user, Instant now)
    {
        lock (_gate)
        {
            return _relay.Presence.Tracker.Current(user, now);
        }
    }

    public void AttachSender(IDatagramSender sender)
    {
        lock (_gate)
        {
            _sender = sender;
            _relay.AttachSender(sender);
        }
    }

    public HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
    {
        HandlerResult result = Decide(request, reply, context);
        if (result.IsDrop)
        {
            Counters.Increment(result.DropReason!);
        }

        return result;
    }

    /// <summary>Complete submissions waiting for the open batch's group commit.</summary>
    internal int PendingCommitCount
    {
        get
        {
            lock (_gate)
            {
                return _relay.PendingCommitCount;
            }
        }
    }

    public void OnBatchStart()
    {
        lock (_gate)
        {
            _relay.BeginBatch();
        }
    }

    public void OnBatchEnd()
    {
        lock (_gate)
        {
            _relay.EndBatch();
        }
    }

    public void OnTick(Instant now)
    {
        lock (_gate)
        {
            _channels.ExpirePending(ChannelTime.Of(now));
            _login.Prune();
            _relay.OnTimer(now);
            ResendPathChallenges(now);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _channels.Dispose();
        }
    }

    private HandlerResult Decide(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
    {
        if (ChannelPrefix.Classify(request, out _) == PrefixKind.NotChat)
        {
            return HandlerResult.Drop(ChatDropReasons.NotChat);
        }

        lock (_gate)
        {
            // Per-source limit on everything with the magic, before any crypto work (handshakes, AEAD); see Chat/RateLimit.
            if (_rateLimiter is not null && !_rateLimiter.AdmitSource(request, reply, context, _sessions, out HandlerResult limited))
            {
                return limited;
            }

            Instant now = context.ReceivedAt;
            ServerReceiveResult received = _channels.Receive(request, _endpoints.Get(context.Remote), ChannelTime.Of(now), _opened);
            switch (received.Event)
            {
                case ServerEvent.Reply:
                    if (received.SessionId != 0)
                    {
                        _login.Started(received.SessionId, context.Remote);
                    }

                    _opened.AsSpan(0, received.Length).CopyTo(reply);
                    return HandlerResult.Reply(received.Length);
                case ServerEvent.PathValidated:
                    OnPathValidated(received.SessionId, context.Remote);
                    return HandlerResult.NoReply;
                case ServerEvent.Message:
                    return OnMessage(received, reply, now);
                default:
                    return HandlerResult.Drop(ChatDropReasons.Of(received.Drop));
            }
        }
    }

    private HandlerResult OnMessage(in ServerReceiveResult received, Span<byte> reply, Instant now)
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
                ? ChannelLoginResponder.RepeatWelcome(session, body, reply, now)
                : _relay.Handle(session, (ChatMessageType)received.InnerType, body, reply, now);
        }
        else
        {
            result = _login.Handle(id, received.InnerType, body, reply, now);
            session = _sessions.TryGet(id, out found) ? found : null; // a WELCOME just opened it
        }

        SocketAddress? validated = session?.Peer ?? login?.Peer;
        if (received.PathChallengeDue && result.IsReply && validated is not null)
        {
            // Replies go to the validated address, never to one that has not answered a challenge.
            _sender?.SendTo(reply[..result.ReplyLength], validated);
            return HandlerResult.NoReply;
        }

        return result;
    }

    private void OnPathValidated(ulong sessionId, SocketAddress from)
    {
        Counters.Increment(ChatEvents.PathValidated);
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
        if (_sender is null || !_channels.TryWritePathChallenge(sessionId, ChannelTime.Of(now), _challenge, out int length, out IPEndPoint? candidate) || candidate is null)
        {
            return false;
        }

        _sender.SendTo(_challenge.AsSpan(0, length), candidate.Serialize());
        Counters.Increment(ChatEvents.PathChallengeSent);
        return true;
    }

    /// <summary>The RESPONSE carries at most 64 bytes of server name: a longer configured name is cut at a character boundary.</summary>
    private static string ChannelServerName(string name)
    {
        string cut = name;
        while (System.Text.Encoding.UTF8.GetByteCount(cut) > ChannelWire.MaxServerNameBytes)
        {
            cut = cut[..^1];
        }

        return cut.Length == 0 ? "udpsuite" : cut;
    }
}
