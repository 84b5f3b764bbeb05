using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using UdpSuite.Client.Transport;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Tests.Transport;

public class UdpReceiveLoopTests
{
    /// <summary>Datagrams that must be answered get a generous wait (a loaded machine, a cold JIT); ones that must not, a short one.</summary>
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(10);

    private static async Task<byte[]?> TrySend(IPEndPoint server, string payload, TimeSpan? timeout = null)
    {
        try
        {
            UdpReply reply = await new UdpRequestClient(timeout ?? TimeSpan.FromMilliseconds(300)).SendAsync(server, System.Text.Encoding.ASCII.GetBytes(payload));
            return reply.Payload.ToArray();
        }
        catch (UdpTimeoutException)
        {
            return null;
        }
    }

    [Fact]
    public async Task Handler_exceptions_oversized_replies_and_drops_are_counted_and_the_loop_keeps_serving()
    {
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

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var server = (IPEndPoint)socket.LocalEndPoint!;
        using var metrics = new ServerMetrics();
        var loop = new UdpReceiveLoop(socket, new ScriptedHandler(), SystemClock.Instance, metrics, new ThrottledErrorLog(NullLogger.Instance, TimeSpan.FromSeconds(10)));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Task running = loop.RunAsync(cts.Token);

        Assert.Equal("hello"u8.ToArray(), await TrySend(server, "hello", Answered));
        Assert.Null(await TrySend(server, "boom"));
        Assert.Null(await TrySend(server, "big"));
        Assert.Null(await TrySend(server, "drop"));
        Assert.Equal("still here"u8.ToArray(), await TrySend(server, "still here", Answered));

        await cts.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Contains(TransportDropReasons.HandlerError, dropReasons);
        Assert.Contains(TransportDropReasons.Amplification, dropReasons);
        Assert.Contains("test-drop", dropReasons);
    }

    [Fact]
    public async Task Icmp_errors_from_earlier_replies_do_not_stop_the_loop()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var server = (IPEndPoint)socket.LocalEndPoint!;
        using var metrics = new ServerMetrics();
        var loop = new UdpReceiveLoop(socket, new ScriptedHandler(), SystemClock.Instance, metrics, new ThrottledErrorLog(NullLogger.Instance, TimeSpan.FromSeconds(10)));
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
}
