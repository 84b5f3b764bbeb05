using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Login;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.RateLimit;
using UdpSuite.Server.Chat.Relay;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Server.Chat;

/// <summary>
/// The <c>chat</c> listener (docs/PROTOCOL.md): datagrams without the "UC" magic are dropped, another protocol
/// version gets ERROR UnsupportedVersion (within 3x), types 0x01-0x0F go to the <see cref="LoginResponder"/>, the rest
/// to the <see cref="ChatRelay"/>. One lock serialises both and the timer, so the relay's tables need no other
/// synchronisation. Every drop is counted in <see cref="Counters"/> (and by the receive loop in the server metrics).
/// Within a receive batch the relay defers message commits to the batch's end (group commit, see
/// <see cref="ChatRelay.BeginBatch"/>).
/// </summary>
public sealed class ChatHandler : IServerInitiatedHandler, IBatchAwareHandler
{
    private readonly object _gate = new();
    private readonly LoginResponder _login;
    private readonly ChatRelay _relay;
    private readonly SessionTable _sessions = new();
    private readonly ChatRelayLimits _limits;
    private readonly ChatRateLimiter? _rateLimiter;

    /// <summary>
    /// The listener; <paramref name="rateLimiter"/> holds the per-source and per-account limits (Chat/RateLimit), null for
    /// none; <paramref name="presenceLimits"/> null means the defaults; <paramref name="presenceAudience"/> null means contacts
    /// and group co-members (<see cref="SocialPresenceAudience"/>).
    /// </summary>
    public ChatHandler(
        IChatStore store,
        ChatRelayLimits limits,
        ChatCounters counters,
        ServerName serverName,
        ILogger<ChatHandler> logger,
        ChatRateLimiter? rateLimiter = null,
        PresenceLimits? presenceLimits = null,
        IPresenceAudience? presenceAudience = null)
    {
        _limits = limits;
        _rateLimiter = rateLimiter;
        Counters = counters;
        _login = new LoginResponder(store, _sessions, limits, counters, serverName.Value, logger);
        _relay = new ChatRelay(store, _sessions, limits, counters, logger, rateLimiter, presenceLimits, presenceAudience);
        counters.ObserveSessions(() => SessionCount);
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
            _login.Expire(now);
            _relay.OnTimer(now);
        }
    }

    private HandlerResult Decide(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
    {
        bool otherVersion = ChatPrefix.IsOtherVersion(request);
        if (!ChatPrefix.TryRead(request, out ChatMessageType type) && !otherVersion)
        {
            return HandlerResult.Drop(ChatDropReasons.NotChat);
        }

        lock (_gate)
        {
            // Per-source limit on everything with the magic (the ERROR below is a reply too), before any crypto work
            // (HELLO, PROOF, MAC checks); see Chat/RateLimit.
            if (_rateLimiter is not null && !_rateLimiter.AdmitSource(otherVersion ? ChatMessageType.Error : type, request, reply, context, _sessions, out HandlerResult limited))
            {
                return limited;
            }

            if (otherVersion)
            {
                int budget = Math.Min(AmplificationLimit.MaxReplyLength(request.Length), ChatWire.MaxDatagram);
                return LoginResponder.Error(reply, ChatErrorCode.UnsupportedVersion, budget);
            }

            return (byte)type < (byte)ChatMessageType.Data
                ? _login.Handle(type, request, reply, context)
                : _relay.Handle(type, request, reply, context);
        }
    }
}
