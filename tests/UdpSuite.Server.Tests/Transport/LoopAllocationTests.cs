using System.Net;
using System.Net.Sockets;
using NodaTime;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;
using UdpSuite.Server.Transport;
using UdpSuite.Time.Strftime;

namespace UdpSuite.Server.Tests.Transport;

/// <summary>Runs alone (no other test allocates in the process meanwhile), because the measure is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurementCollection
{
    public const string Name = "allocation measurement (not parallel)";
}

/// <summary>
/// The whole per-datagram path through each real receive loop on loopback (receive with a SocketAddress, dispatcher,
/// handler, send) allocates nothing in steady state. The measure is <see cref="GC.GetTotalAllocatedBytes"/> (all threads:
/// the loop runs on thread-pool threads) around bursts of request/reply pairs sent with synchronous span-based calls
/// that allocate nothing themselves. The best of several bursts is taken so an unrelated runtime allocation (timer,
/// tiering) cannot fail the test; a per-datagram allocation shows in every burst. No timing is asserted.
/// </summary>
[Collection(AllocationMeasurementCollection.Name)]
public class LoopAllocationTests
{
    private const int Burst = 5_000;

    public static TheoryData<ReceiveLoopKind> Loops => TestLoops.Available;

    private static long BestBytesPerBurst(IDatagramHandler handler, byte[] request, ReceiveLoopKind kind)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        client.Connect(server.LocalEndPoint!);
        client.ReceiveTimeout = 5_000;
        using var metrics = new ServerMetrics();
        IReceiveLoop loop = TestLoops.Create(kind, server, handler, metrics);
        using var cts = new CancellationTokenSource();
        Task running = Task.Run(() => loop.RunAsync(cts.Token));
        byte[] reply = new byte[2048];

        void Exchange(int count)
        {
            for (int i = 0; i < count; i++)
            {
                client.Send(request);
                int n = client.Receive(reply);
                Assert.True(n > 0);
            }
        }

        try
        {
            Exchange(2_000); // warm: JIT tiers, socket engine, caches
            long best = long.MaxValue;
            for (int attempt = 0; attempt < 5; attempt++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                Exchange(Burst);
                long used = GC.GetTotalAllocatedBytes(precise: true) - before;
                best = Math.Min(best, used);
            }

            return best;
        }
        finally
        {
            cts.Cancel();
            server.Dispose();
            running.Wait(TimeSpan.FromSeconds(5));
        }
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public void Time_text_datagrams_allocate_nothing_in_steady_state(ReceiveLoopKind kind)
    {
        var handler = new TimeTextHandler(SystemClock.Instance, new ZoneLookup(TestZones.Provider), TestZones.Provider["Europe/Berlin"], new StrftimeFormatCache());
        long bytes = BestBytesPerBurst(handler, "%Y-%m-%d %X"u8.ToArray(), kind);

        // Zero per datagram: a burst of 5,000 may see a few hundred bytes of unrelated runtime work at most.
        Assert.True(bytes < Burst, $"{bytes} bytes allocated over {Burst} time-text datagrams ({kind} loop) ({(double)bytes / Burst:F2} per datagram)");
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public void Sntp_datagrams_allocate_nothing_in_steady_state(ReceiveLoopKind kind)
    {
        byte[] request = new byte[48];
        new NtpPacket { Version = 4, Mode = NtpMode.Client, TransmitTimestamp = new NtpTimestamp(42) }.WriteTo(request);
        using var limiter = new SntpRateLimiter(new SntpRateLimitOptions { Burst = 1_000_000_000, RequestsPerSecond = 1_000_000_000 });
        var handler = new SntpHandler(SystemClock.Instance, new SntpResponder(new SntpServerSettings(), limiter));
        long bytes = BestBytesPerBurst(handler, request, kind);

        Assert.True(bytes < Burst, $"{bytes} bytes allocated over {Burst} SNTP datagrams ({kind} loop) ({(double)bytes / Burst:F2} per datagram)");
    }
}
