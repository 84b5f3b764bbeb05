using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.RateLimit;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Hosting;
using UdpSuite.Server.Security;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>
/// A chat listener in the test process: a real socket on 127.0.0.1 (ephemeral port), the real receive loop, a
/// SQLite store in a temporary directory and a <see cref="FakeClock"/>. Retransmissions and expiry run only when
/// the test calls <see cref="Tick"/>, so nothing depends on sleeping.
/// </summary>
internal sealed class ChatTestServer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly bool _ownsDirectory;

    private ChatTestServer(string dataDirectory, bool ownsDirectory, IChatStore store, ChatRelayLimits limits, PresenceLimits? presence, ChatRateLimitOptions? rateLimits)
    {
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Store = store;
        RateLimiter = rateLimits is null ? null : new ChatRateLimiter(rateLimits, Counters, new CapturingLogger<ChatRateLimiter>(Log));
        Identity = ServerIdentityStore.LoadOrCreate(dataDirectory);
        Handler = new ChatHandler(store, limits, Counters, new ServerName("test-server"), Identity, Clock, new CapturingLogger<ChatHandler>(Log), RateLimiter, presence);
        _socket = ListenerSocketFactory.Bind(new IPEndPoint(IPAddress.Loopback, 0), 1)[0];
        Endpoint = (IPEndPoint)_socket.LocalEndPoint!;
        Handler.AttachSender(new SocketDatagramSender(_socket, "chat", Metrics));
        var dispatcher = new DatagramDispatcher(Handler, Clock, Metrics, new ThrottledErrorLog(new CapturingLogger<DatagramDispatcher>(Log), TimeSpan.FromSeconds(1)));
        _loop = new PortableReceiveLoop(_socket, dispatcher).RunAsync(_stop.Token);
    }

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 11, 24, 12, 0));

    public ChatCounters Counters { get; } = new();

    public ServerMetrics Metrics { get; } = new();

    public ChatHandler Handler { get; }

    /// <summary>The server's static key (server.key in the data directory).</summary>
    public ServerIdentity Identity { get; }

    /// <summary>The rate limiter, when the server was started with limits.</summary>
    public ChatRateLimiter? RateLimiter { get; }

    public IChatStore Store { get; }

    public string DataDirectory { get; }

    public IPEndPoint Endpoint { get; }

    /// <summary>Every log line the chat handler and the loop wrote.</summary>
    public List<string> Log { get; } = [];

    /// <summary>A server on a fresh temporary data directory (or <paramref name="dataDirectory"/>), or on <paramref name="store"/>.</summary>
    public static ChatTestServer Start(
        string? dataDirectory = null, ChatRelayLimits? limits = null, IChatStore? store = null, PresenceLimits? presence = null, ChatRateLimitOptions? rateLimits = null)
    {
        bool owns = dataDirectory is null;
        string directory = dataDirectory ?? Directory.CreateTempSubdirectory("udpsuite-chat-test-").FullName;
        return new ChatTestServer(directory, owns, store ?? SqliteChatStore.Open(directory), WithTestPasswordFloor(limits ?? new ChatRelayLimits()), presence, rateLimits);
    }

    /// <summary>
    /// Test accounts use the cheapest Argon2id (<see cref="ChatTestPeer.PasswordHash"/>): the server's floor is lowered to it
    /// unless the test chose a floor itself. Every test peer speaks from 127.0.0.1, and each REGISTER leaves its channel
    /// pending (it may go on to log in) until it expires, so the per-address cap of pending handshakes is raised too
    /// unless the test chose one.
    /// </summary>
    private static ChatRelayLimits WithTestPasswordFloor(ChatRelayLimits limits)
    {
        var defaults = new ChatRelayLimits();
        if (limits.PasswordHashFloor == defaults.PasswordHashFloor)
        {
            limits = limits with { PasswordHashMemoryKiB = ChatTestPeer.PasswordHash.MemoryKiB, PasswordHashIterations = ChatTestPeer.PasswordHash.Iterations };
        }

        return limits.Handshake == defaults.Handshake ? limits with { Handshake = limits.Handshake with { MaxPendingPerAddress = 256 } } : limits;
    }

    /// <summary>Advances the fake clock and runs the relay's timer once (retransmissions, backlog, expiry).</summary>
    public void Tick(Duration advance = default)
    {
        Clock.Advance(advance);
        Handler.OnTick(Clock.GetCurrentInstant());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        Handler.Dispose();
        Identity.Dispose();
        Store.Dispose();
        RateLimiter?.Dispose();
        Counters.Dispose();
        Metrics.Dispose();
        _stop.Dispose();
        if (_ownsDirectory)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private sealed class CapturingLogger<T>(List<string> lines) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add($"{logLevel}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
