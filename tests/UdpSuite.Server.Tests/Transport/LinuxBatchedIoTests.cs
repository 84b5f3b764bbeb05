using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Tests.Transport;

/// <summary>The Linux recvmmsg/sendmmsg path keeps the portable path's guarantees (the portable path is covered by <see cref="UdpReceiveLoopTests"/>).</summary>
public class LinuxBatchedIoTests
{
    private static (UdpReceiveLoop Loop, Socket Server) Start(ServerMetrics metrics)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.ReceiveBufferSize = 1024 * 1024; // as the server configures it: the burst below must not overflow the queue
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var loop = new UdpReceiveLoop(server, new ScriptedHandler(prefixSenderPort: true), SystemClock.Instance, metrics, new ThrottledErrorLog(NullLogger.Instance, TimeSpan.FromSeconds(10)))
        {
            UseBatchedIo = true,
        };
        return (loop, server);
    }

    [Fact]
    public async Task Batched_path_answers_each_sender_drops_what_it_must_and_stops_on_cancel()
    {
        if (!LinuxBatchedIo.IsSupported)
        {
            return; // the portable path is the only one here
        }

        var dropReasons = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServerMetrics.MeterName && instrument.Name == "udpsuite.server.datagrams.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "reason")
                {
                    dropReasons.Add((string)tag.Value!);
                }
            }
        });
        listener.Start();

        using var metrics = new ServerMetrics();
        (UdpReceiveLoop loop, Socket server) = Start(metrics);
        using (server)
        {
            Assert.True(loop.RunsBatched);
            using var cts = new CancellationTokenSource();
            Task running = loop.RunAsync(cts.Token);

            // Several clients, many datagrams each, sent in bursts so recvmmsg returns real batches.
            var clients = new Socket[3];
            for (int c = 0; c < clients.Length; c++)
            {
                clients[c] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                clients[c].Bind(new IPEndPoint(IPAddress.Loopback, 0));
                clients[c].Connect(server.LocalEndPoint!);
                clients[c].ReceiveTimeout = 5000;
            }

            try
            {
                const int PerClient = 60;
                for (int i = 0; i < PerClient; i++)
                {
                    foreach (Socket client in clients)
                    {
                        client.Send(System.Text.Encoding.ASCII.GetBytes($"message number {i}"));
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
                        Assert.Equal($"message number {i}", System.Text.Encoding.ASCII.GetString(buffer, 4, n - 4));
                    }
                }

                // Handler exceptions, oversized replies (3x rule) and drops are contained; the loop keeps serving.
                Socket probe = clients[0];
                probe.Send("boom"u8);
                probe.Send("big"u8);
                probe.Send("drop"u8);
                probe.Send("still here"u8);
                int len = probe.Receive(buffer);
                Assert.Equal("still here", System.Text.Encoding.ASCII.GetString(buffer, 4, len - 4));
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

        Assert.Contains(TransportDropReasons.HandlerError, dropReasons);
        Assert.Contains(TransportDropReasons.Amplification, dropReasons);
        Assert.Contains("test-drop", dropReasons);
    }

    [Fact]
    public async Task Batched_path_ends_when_the_socket_is_disposed()
    {
        if (!LinuxBatchedIo.IsSupported)
        {
            return;
        }

        using var metrics = new ServerMetrics();
        (UdpReceiveLoop loop, Socket server) = Start(metrics);
        using var cts = new CancellationTokenSource();
        Task running = loop.RunAsync(cts.Token);
        await Task.Delay(100);
        server.Dispose();
        await cts.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
