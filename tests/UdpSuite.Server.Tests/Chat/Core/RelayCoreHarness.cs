using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;
using UdpSuite.Protocol.Security.Noise;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Tests.Chat.Core;

/// <summary>
/// The relay core with no socket and no real time: a <see cref="FakeClock"/>, a SQLite store in a temporary directory,
/// and <see cref="CorePeer"/>s at their own addresses. Every input's actions are recorded in <see cref="Sent"/> and each
/// datagram is handed, synchronously and in order, to the peer whose address it names (what a peer sends back is taken
/// as the next input at once), so a test sees every consequence as soon as its call returns. The core's store requests
/// are run against the store and completed once nothing is left on the wire — or, with <see cref="AutoComplete"/> off,
/// held until the test completes (or fails) them with <see cref="CompleteNext"/>.
/// </summary>
internal sealed class RelayCoreHarness : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("udpsuite-core-test-").FullName;
    private readonly NoiseKeyPair _key = NoiseKeyPair.Generate();
    private readonly List<CorePeer> _peers = [];
    private readonly Queue<(System.Net.SocketAddress Source, byte[] Datagram)> _inbound = new();
    private readonly Queue<StoreBatch> _held = new();
    private bool _running;

    public RelayCoreHarness(ChatRelayLimits? limits = null)
    {
        Store = SqliteChatStore.Open(_directory);
        ChatRelayLimits chosen = (limits ?? new ChatRelayLimits()) with
        {
            PasswordHashMemoryKiB = TestLogin.PasswordHash.MemoryKiB,
            PasswordHashIterations = TestLogin.PasswordHash.Iterations,
        };
        Core = new ChatRelayCore(Store.ServerSecret(), SocialPresenceAudience.Of(Store), chosen, Counters, _key, "core-test", Clock.GetCurrentInstant(), new ChatActions(), NullLogger.Instance);
    }

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 11, 24, 12, 0));

    public ChatCounters Counters { get; } = new();

    public SqliteChatStore Store { get; }

    public ChatRelayCore Core { get; }

    /// <summary>When true (the default), store requests are run and completed as soon as nothing is on the wire.</summary>
    public bool AutoComplete { get; set; } = true;

    /// <summary>Store requests issued by the core and not completed yet, oldest first.</summary>
    public IReadOnlyCollection<StoreBatch> Held => _held;

    /// <summary>
    /// Runs the oldest held store request against the store (or, with <paramref name="failure"/>, fails it as a broken
    /// store would) and completes it in the core, then lets every consequence play out.
    /// </summary>
    public void CompleteNext(ChatStoreException? failure = null)
    {
        StoreBatch batch = _held.Dequeue();
        Run(() =>
        {
            if (failure is null)
            {
                batch.Execute(Store);
            }
            else
            {
                batch.Fail(failure);
            }

            Core.Complete(batch, Clock.GetCurrentInstant());
        });
    }

    /// <summary>Every action the core produced, in order.</summary>
    public List<SentDatagram> Sent { get; } = [];

    public CorePeer Peer(string user, string address)
    {
        var peer = new CorePeer(this, user, address);
        _peers.Add(peer);
        return peer;
    }

    /// <summary>Drop reasons the core returned, in order.</summary>
    public List<string> Dropped { get; } = [];

    /// <summary>Feeds <paramref name="datagram"/> from <paramref name="from"/> (at its current address) to the core.</summary>
    public void Send(CorePeer from, ReadOnlySpan<byte> datagram)
    {
        _inbound.Enqueue((from.Address, datagram.ToArray()));
        if (!_running)
        {
            Run(static () => { });
        }
    }

    /// <summary>Advances the clock by <paramref name="advance"/> and runs one timer tick.</summary>
    public void Tick(Duration advance)
    {
        Clock.Advance(advance);
        Run(() => Core.Tick(Clock.GetCurrentInstant()));
    }

    /// <summary>Advances the clock in <paramref name="step"/>s up to <paramref name="total"/>, ticking after each step.</summary>
    public void TickFor(Duration total, Duration step)
    {
        for (Duration done = Duration.Zero; done < total; done += step)
        {
            Tick(step);
        }
    }

    /// <summary>
    /// Runs <paramref name="input"/>, then hands its datagrams to the peers; what they answer is queued like datagrams on
    /// the wire and taken one by one after the current input, until nothing is left.
    /// </summary>
    private void Run(Action input)
    {
        _running = true;
        try
        {
            input();
            while (true)
            {
                Deliver();
                if (_inbound.TryDequeue(out (System.Net.SocketAddress Source, byte[] Datagram) next))
                {
                    if (Core.Receive(next.Datagram, next.Source, Clock.GetCurrentInstant()) is { } reason)
                    {
                        Dropped.Add(reason);
                    }

                    continue;
                }

                if (!AutoComplete || !_held.TryDequeue(out StoreBatch? batch))
                {
                    break;
                }

                batch.Execute(Store);
                Core.Complete(batch, Clock.GetCurrentInstant());
            }
        }
        finally
        {
            _running = false;
        }
    }

    public void Dispose()
    {
        Core.Dispose();
        foreach (CorePeer peer in _peers)
        {
            peer.Dispose();
        }

        Store.Dispose();
        Counters.Dispose();
        _key.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void Deliver()
    {
        ChatActions actions = Core.Actions;
        var batch = new List<SentDatagram>();
        for (int index = 0; index < actions.Count; index++)
        {
            ChatAction action = actions[index];
            batch.Add(new SentDatagram(action.Route, action.Destination, actions.Datagram(action).ToArray(), action.Allowance));
        }

        actions.Clear();
        foreach (StoreBatch request in actions.StoreRequests)
        {
            _held.Enqueue(request);
        }

        actions.ClearStoreRequests();
        Sent.AddRange(batch);
        foreach (SentDatagram sent in batch)
        {
            foreach (CorePeer peer in _peers)
            {
                if (peer.Address.Equals(sent.Destination))
                {
                    peer.Take(sent.Datagram);
                }
            }
        }
    }

    /// <summary>One recorded action.</summary>
    internal sealed record SentDatagram(ChatRoute Route, System.Net.SocketAddress Destination, byte[] Datagram, int Allowance);
}
