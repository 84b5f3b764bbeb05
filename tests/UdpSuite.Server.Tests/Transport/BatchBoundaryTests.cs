using System.Net;
using System.Net.Sockets;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Tests.Transport;

/// <summary>Both receive loops tell an <see cref="IBatchAwareHandler"/> where batches begin and end (the chat relay's group commit relies on it).</summary>
public class BatchBoundaryTests
{
    private const int Burst = 100;

    public static TheoryData<ReceiveLoopKind> Loops => TestLoops.Available;

    [Theory]
    [MemberData(nameof(Loops))]
    public async Task Every_datagram_is_dispatched_inside_a_batch_and_datagrams_queued_together_share_one(ReceiveLoopKind kind)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.ReceiveBufferSize = 1024 * 1024;
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        // Queued before the loop starts, so its first receive finds them all waiting.
        for (int i = 0; i < Burst; i++)
        {
            client.SendTo(BitConverter.GetBytes(i), server.LocalEndPoint!);
        }

        var handler = new RecordingHandler();
        using var metrics = new ServerMetrics();
        IReceiveLoop loop = TestLoops.Create(kind, server, handler, metrics);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Task running = loop.RunAsync(cts.Token);

        var buffer = new byte[64];
        client.ReceiveTimeout = 10_000;
        for (int i = 0; i < Burst; i++)
        {
            client.Receive(buffer); // every datagram is echoed
        }

        await cts.CancelAsync();
        server.Dispose();
        await running;

        Assert.Equal(Burst, handler.Handled);
        Assert.Equal(0, handler.OutsideBatch);
        Assert.Equal(handler.Starts, handler.Ends);
        Assert.InRange(handler.LargestBatch, 2, Burst);
    }

    private sealed class RecordingHandler : IBatchAwareHandler
    {
        private int _current;

        public string Name => "recording";

        public int Handled { get; private set; }

        public int OutsideBatch { get; private set; }

        public int Starts { get; private set; }

        public int Ends { get; private set; }

        public int LargestBatch { get; private set; }

        private bool InBatch => Starts > Ends;

        public void OnBatchStart()
        {
            Assert.False(InBatch, "a loop opened a batch inside its own batch");
            Starts++;
            _current = 0;
        }

        public void OnBatchEnd()
        {
            Assert.True(InBatch, "a batch ended that had not started");
            Ends++;
            LargestBatch = Math.Max(LargestBatch, _current);
        }

        public HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
        {
            Handled++;
            _current++;
            if (!InBatch)
            {
                OutsideBatch++;
            }

            request.CopyTo(reply);
            return HandlerResult.Reply(request.Length);
        }
    }
}
