using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.RateLimit;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;
using UdpSuite.Server.Hosting;
using UdpSuite.Server.Security;

namespace UdpSuite.Server.Chat;

/// <summary>
/// The <c>chat</c> listener, protocol version 2 (docs/PROTOCOL.md): the I/O shell around <see cref="ChatRelayCore"/>, which
/// makes every decision (rate limit, channel, login, relay, path validation) without a socket or a clock. The shell feeds
/// it each received datagram with its receive time, the timer's ticks and the receive loop's batches, and runs every
/// datagram the core decided to send — the answer in hand and the core's own sends alike — through one
/// <see cref="ChatDatagramExit"/>, which applies the amplification rule by route. The core's store requests run on one
/// <see cref="ChatStoreWorker"/> thread, never on the receive thread (which keeps receiving while a commit runs); each
/// completion goes back into the core like any other input. One lock serialises every input.
/// </summary>
public sealed class ChatHandler : IServerInitiatedHandler, IBatchAwareHandler, IDisposable
{
    private readonly object _gate = new();
    private readonly ChatRelayCore _core;
    private readonly ChatDatagramExit _exit;
    private readonly ChatRelayLimits _limits;
    private readonly ChatStoreWorker _worker;
    private readonly PlainTextResponder _plainText = PlainTextResponder.ForChat();
    private readonly IClock _clock;
    private bool _disposed;

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
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(serverName);
        _limits = limits;
        Counters = counters;
        _exit = new ChatDatagramExit(counters);
        var actions = new ChatActions(_exit.Run); // a tick that sends more than the buffer holds sends as it goes
        // The server secret never changes: read once here, so no input of the core waits for the store.
        _core = new ChatRelayCore(
            store.ServerSecret(), presenceAudience ?? SocialPresenceAudience.Of(store), limits, counters, identity.KeyPair, ChannelServerName(serverName.Value), clock.GetCurrentInstant(), actions, logger, rateLimiter, presenceLimits);
        _clock = clock;
        _worker = new ChatStoreWorker(store, OnStoreCompleted);
        counters.ObserveSessions(() => SessionCount);
        if (limits.Registration == Login.RegistrationPolicy.Closed)
        {
            logger.RegistrationClosed();
        }
        else
        {
            logger.RegistrationOpen();
        }

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
                return _core.SessionCount;
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
                return _core.PendingLoginCount;
            }
        }
    }

    /// <summary>What watchers are told about <paramref name="user"/> at <paramref name="now"/> (diagnostics and tests).</summary>
    public PresenceInfo PresenceOf(string user, Instant now)
    {
        lock (_gate)
        {
            return _core.PresenceOf(user, now);
        }
    }

    /// <summary>Complete submissions waiting for the open batch's group commit.</summary>
    internal int PendingCommitCount
    {
        get
        {
            lock (_gate)
            {
                return _core.PendingCommitCount;
            }
        }
    }

    public void AttachSender(IDatagramSender sender)
    {
        lock (_gate)
        {
            _exit.Attach(sender);
        }
    }

    public HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
    {
        HandlerResult result;
        lock (_gate)
        {
            _exit.BeginRequest(request.Length);
            string? dropped = _core.Receive(request, context.Remote, context.ReceivedAt);
            result = _exit.RunReplies(_core.Actions, context.Remote, request.Length, reply);
            IssueStoreRequests();
            if (dropped is not null)
            {
                result = HandlerResult.Drop(dropped);
            }
        }

        // A text client (the classic socket-tutorial demo) is told what to run instead of waiting in recvfrom forever.
        // Only what the core dropped as not chat is looked at, so chat datagrams pay nothing for it.
        if (result.IsDrop && result.DropReason == ChatDropReasons.NotChat && _plainText.TryAnswer(request, reply, context) is { } hint)
        {
            result = hint;
            if (!hint.IsDrop)
            {
                return hint;
            }
        }

        if (result.IsDrop)
        {
            Counters.Increment(result.DropReason!);
        }

        return result;
    }

    public void OnBatchStart()
    {
        lock (_gate)
        {
            _core.BeginBatch();
        }
    }

    public void OnBatchEnd()
    {
        lock (_gate)
        {
            _exit.BeginInternal();
            _core.EndBatch();
            _exit.Run(_core.Actions);
            IssueStoreRequests();
        }
    }

    public void OnTick(Instant now)
    {
        lock (_gate)
        {
            _exit.BeginInternal();
            _core.Tick(now);
            _exit.Run(_core.Actions);
            IssueStoreRequests();
        }
    }

    /// <summary>Drains the store worker (queued requests run and complete), then closes the core.</summary>
    public void Dispose()
    {
        _worker.Dispose(); // outside the lock: its completions take it
        _plainText.Dispose();
        lock (_gate)
        {
            _disposed = true;
            _core.Dispose();
        }
    }

    /// <summary>On the store worker: a store request ran; its completion is the core's next input.</summary>
    private void OnStoreCompleted(StoreBatch batch)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _exit.BeginInternal();
            _core.Complete(batch, _clock.GetCurrentInstant());
            _exit.Run(_core.Actions);
            IssueStoreRequests();
        }
    }

    /// <summary>Hands the core's new store requests to the worker, in issue order (under the lock).</summary>
    private void IssueStoreRequests()
    {
        ChatActions actions = _core.Actions;
        foreach (StoreBatch batch in actions.StoreRequests)
        {
            _worker.Enqueue(batch); // refused only while shutting down: its items stay unanswered and clients resend
        }

        actions.ClearStoreRequests();
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
