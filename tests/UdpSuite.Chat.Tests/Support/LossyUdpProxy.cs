using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace UdpSuite.Chat.Tests.Support;

/// <summary>
/// A UDP relay on 127.0.0.1 that sits between clients and a server and damages the traffic both ways as a
/// <see cref="NetworkImpairment"/> says, with a seeded <see cref="Random"/> so a failure can be replayed. Each client
/// address gets its own upstream socket, so the server sees one distinct address per client, as on a real LAN.
/// A flipped datagram (<see cref="NetworkImpairment.FlipRate"/>) has one byte, at a random offset, XORed with a random
/// non-zero value; copies of it (duplication) carry the same damage. Bounded: at most <see cref="MaxClients"/> clients and <see cref="MaxHeld"/> datagrams held back at once.
/// </summary>
public sealed class LossyUdpProxy : IAsyncDisposable
{
    public const int MaxClients = 64;
    public const int MaxHeld = 10_000;

    private readonly Socket _front;
    private readonly IPEndPoint _server;
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private readonly ConcurrentDictionary<IPEndPoint, Socket> _upstreams = new();
    private readonly List<Task> _loops = [];
    private readonly Lock _loopsGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _held;
    private long _forwarded;
    private long _dropped;
    private long _duplicated;
    private long _delayed;
    private long _flippedToServer;
    private long _flippedToClient;

    public LossyUdpProxy(IPEndPoint server, NetworkImpairment impairment, int seed)
    {
        _server = server;
        Impairment = impairment;
        _random = new Random(seed);
        _front = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Endpoint = (IPEndPoint)_front.LocalEndPoint!;
        Track(Task.Run(ClientSideLoopAsync));
    }

    /// <summary>Where clients should send.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The damage applied; may be changed while running (for example to a perfect network).</summary>
    public NetworkImpairment Impairment { get; set; }

    public long Forwarded => Interlocked.Read(ref _forwarded);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Duplicated => Interlocked.Read(ref _duplicated);

    public long Delayed => Interlocked.Read(ref _delayed);

    /// <summary>Datagrams from clients that went on to the server with a byte flipped.</summary>
    public long FlippedToServer => Interlocked.Read(ref _flippedToServer);

    /// <summary>Datagrams from the server that went on to a client with a byte flipped.</summary>
    public long FlippedToClient => Interlocked.Read(ref _flippedToClient);

    /// <summary>One line of every count, for test output.</summary>
    public string Counts =>
        $"forwarded {Forwarded}, dropped {Dropped}, duplicated {Duplicated}, delayed {Delayed}, flipped {FlippedToServer} to the server and {FlippedToClient} to clients";

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _front.Dispose();
        foreach (Socket upstream in _upstreams.Values)
        {
            upstream.Dispose();
        }

        Task[] loops;
        lock (_loopsGate)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(10));
        _stopping.Dispose();
    }

    private async Task ClientSideLoopAsync()
    {
        byte[] buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _front.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // an ICMP error from a client that went away
            }

            var client = (IPEndPoint)received.RemoteEndPoint;
            Socket? upstream = UpstreamFor(client);
            if (upstream is not null)
            {
                Forward(buffer.AsSpan(0, received.ReceivedBytes).ToArray(), toServer: true, datagram => upstream.Send(datagram));
            }
        }
    }

    private Socket? UpstreamFor(IPEndPoint client)
    {
        if (_upstreams.TryGetValue(client, out Socket? existing))
        {
            return existing;
        }

        if (_upstreams.Count >= MaxClients)
        {
            return null;
        }

        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        upstream.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        upstream.Connect(_server);
        _upstreams[client] = upstream;
        Track(Task.Run(() => ServerSideLoopAsync(upstream, client)));
        return upstream;
    }

    private async Task ServerSideLoopAsync(Socket upstream, IPEndPoint client)
    {
        byte[] buffer = new byte[65536];
        while (!_stopping.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await upstream.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // the server is down for a moment (crash tests)
            }

            Forward(buffer.AsSpan(0, length).ToArray(), toServer: false, datagram => _front.SendTo(datagram, client));
        }
    }

    private void Forward(byte[] datagram, bool toServer, Action<byte[]> send)
    {
        NetworkImpairment impairment = Impairment;
        bool drop;
        bool duplicate;
        TimeSpan delay;
        bool flip;
        int flipAt;
        byte flipMask;
        lock (_randomGate)
        {
            drop = _random.NextDouble() < impairment.DropRate;
            duplicate = _random.NextDouble() < impairment.DuplicateRate;
            delay = _random.NextDouble() < impairment.DelayRate
                ? TimeSpan.FromMilliseconds(1 + (_random.NextDouble() * Math.Max(0, impairment.MaxDelay.TotalMilliseconds - 1)))
                : TimeSpan.Zero;
            // Drawn only when flipping is asked for, so seeds of impairments without it replay as before.
            flip = impairment.FlipRate > 0 && _random.NextDouble() < impairment.FlipRate;
            flipAt = flip ? _random.Next(datagram.Length) : 0;
            flipMask = flip ? (byte)_random.Next(1, 256) : (byte)0;
        }

        if (drop)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        if (flip && datagram.Length > 0)
        {
            datagram[flipAt] ^= flipMask;
            Interlocked.Increment(ref toServer ? ref _flippedToServer : ref _flippedToClient);
        }

        int copies = duplicate ? 2 : 1;
        if (duplicate)
        {
            Interlocked.Increment(ref _duplicated);
        }

        if (delay > TimeSpan.Zero && Interlocked.Increment(ref _held) <= MaxHeld)
        {
            Interlocked.Increment(ref _delayed);

            // Not tracked: each hold ends within MaxDelay, and a send after disposal is caught in SendCopies.
            _ = Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(delay, _stopping.Token);
                    SendCopies(datagram, copies, send);
                }
                catch (OperationCanceledException)
                {
                    // Stopping.
                }
                finally
                {
                    Interlocked.Decrement(ref _held);
                }
            });
            return;
        }

        if (delay > TimeSpan.Zero)
        {
            Interlocked.Decrement(ref _held);
        }

        SendCopies(datagram, copies, send);
    }

    private void SendCopies(byte[] datagram, int copies, Action<byte[]> send)
    {
        for (int k = 0; k < copies; k++)
        {
            try
            {
                send(datagram);
                Interlocked.Increment(ref _forwarded);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // The far side is gone; UDP would lose it too.
            }
        }
    }

    private void Track(Task task)
    {
        lock (_loopsGate)
        {
            _loops.RemoveAll(t => t.IsCompleted);
            _loops.Add(task);
        }
    }
}
