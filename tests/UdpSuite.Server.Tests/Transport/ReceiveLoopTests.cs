using System.Net;
using System.Net.Sockets;
using System.Text;
using UdpSuite.Client.Transport;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Tests.Transport;

/// <summary>Both receive loops on loopback: the same guarantees, whichever the listener picks.</summary>
public class ReceiveLoopTests
{
    /// <summary>Datagrams that must be answered get a generous wait (a loaded machine, a cold JIT); ones that must not, a short one.</summary>
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(10);

    public static TheoryData<ReceiveLoopKind> Loops => TestLoops.Available;

    private static Socket BoundServer()
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.ReceiveBufferSize = 1024 * 1024; // as the server configures it: a burst must not overflow the queue
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return server;
    }

    private static async Task<byte[]?> TrySend(IPEndPoint server, string payload, TimeSpan? timeout = null)
    {
        try
        {
            UdpReply reply = await new UdpRequestClient(timeout ?? TimeSpan.FromMilliseconds(300)).SendAsync(server, Encoding.ASCII.GetBytes(payload));
            return reply.Payload.ToArray();
        }
        catch (UdpTimeoutException)
        {
            return null;
        }
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public async Task Handler_exceptions_oversized_replies_and_drops_are_counted_and_the_loop_keeps_serving(ReceiveLoopKind kind)
    {
        string name = $"loop-test-{Guid.NewGuid():N}";
        using var recorder = new MetricsRecorder(name);
        using Socket socket = BoundServer();
        var server = (IPEndPoint)socket.LocalEndPoint!;
        using var metrics = new ServerMetrics();
        IReceiveLoop loop = TestLoops.Create(kind, socket, new ScriptedHandler(name: name), metrics);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Task running = loop.RunAsync(cts.Token);

        Assert.Equal("hello"u8.ToArray(), await TrySend(server, "hello", Answered));
        Assert.Null(await TrySend(server, "boom"));
        Assert.Null(await TrySend(server, "big"));
        Assert.Null(await TrySend(server, "drop"));
        Assert.Equal("still here"u8.ToArray(), await TrySend(server, "still here", Answered));

        await cts.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, recorder.DroppedFor(TransportDropReasons.HandlerError));
        Assert.Equal(1, recorder.DroppedFor(TransportDropReasons.Amplification));
        Assert.Equal(1, recorder.DroppedFor("test-drop"));
        Assert.Equal(5, recorder.Total(MetricsRecorder.Received));
        Assert.Equal(2, recorder.Total(MetricsRecorder.Sent));
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public async Task Each_sender_gets_its_own_replies_in_order_from_bursts_of_several_clients(ReceiveLoopKind kind)
    {
        using Socket server = BoundServer();
        using var metrics = new ServerMetrics();
        IReceiveLoop loop = TestLoops.Create(kind, server, new ScriptedHandler(prefixSenderPort: true), metrics);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Task running = loop.RunAsync(cts.Token);

        // Several clients, many datagrams each, sent in bursts so the batched loop's recvmmsg returns real batches.
        var clients = new Socket[3];
        for (int c = 0; c < clients.Length; c++)
        {
            clients[c] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            clients[c].Bind(new IPEndPoint(IPAddress.Loopback, 0));
            clients[c].Connect(server.LocalEndPoint!);
            clients[c].ReceiveTimeout = 10_000;
        }

        try
        {
            const int PerClient = 60;
            for (int i = 0; i < PerClient; i++)
            {
                foreach (Socket client in clients)
                {
                    client.Send(Encoding.ASCII.GetBytes($"message number {i}"));
                }
            }

            byte[] buffer = new byte[2048];
            foreach (Socket client in clients)
            {
                int ownPort = ((IPEndPoint)client.LocalEndPoint!).Port;
                for (int i = 0; i < PerClient; i++)
                {
                    int n = client.Receive(buffer);
                    Assert.Equal(ownPort, BitConverter.ToInt32(buffer, 0));
                    Assert.Equal($"message number {i}", Encoding.ASCII.GetString(buffer, 4, n - 4));
                }
            }
        }
        finally
        {
            foreach (Socket client in clients)
            {
                client.Dispose();
            }
        }

        await cts.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public async Task Icmp_errors_from_earlier_replies_do_not_stop_the_loop(ReceiveLoopKind kind)
    {
        using Socket socket = BoundServer();
        var server = (IPEndPoint)socket.LocalEndPoint!;
        using var metrics = new ServerMetrics();
        IReceiveLoop loop = TestLoops.Create(kind, socket, new ScriptedHandler(), metrics);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Task running = loop.RunAsync(cts.Token);

        // Clients that vanish before the reply arrives: the replies bounce with ICMP port unreachable.
        for (int i = 0; i < 5; i++)
        {
            using var gone = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            gone.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            gone.SendTo("x"u8, server);
        }

        await Task.Delay(100);
        Assert.Equal("alive"u8.ToArray(), await TrySend(server, "alive", Answered));
        await cts.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public async Task The_loop_ends_when_its_socket_is_disposed(ReceiveLoopKind kind)
    {
        Socket server = BoundServer();
        using var metrics = new ServerMetrics();
        IReceiveLoop loop = TestLoops.Create(kind, server, new ScriptedHandler(), metrics);
        using var cts = new CancellationTokenSource();
        Task running = loop.RunAsync(cts.Token);
        await Task.Delay(100);
        server.Dispose();

        // Not cancelled: closing the socket alone ends the loop.
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(running.IsCompletedSuccessfully);
    }
}
