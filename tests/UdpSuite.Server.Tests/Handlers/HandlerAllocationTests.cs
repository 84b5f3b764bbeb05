using NodaTime;
using NodaTime.Testing;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;

namespace UdpSuite.Server.Tests.Handlers;

/// <summary>The per-datagram path allocates nothing once warm.</summary>
public class HandlerAllocationTests
{
    private static long AllocatedBy(IDatagramHandler handler, byte[] request, DatagramContext context)
    {
        byte[] reply = new byte[65_507];
        for (int i = 0; i < 100; i++)
        {
            handler.Handle(request, reply, context);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            handler.Handle(request, reply, context);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Steady_state_handling_allocates_nothing()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 24, 1, 2, 3));
        var context = new DatagramContext(TestAddresses.Of("10.1.2.3"), clock.GetCurrentInstant());
        byte[] sntpRequest = new byte[48];
        new NtpPacket { Version = 4, Mode = NtpMode.Client, TransmitTimestamp = new NtpTimestamp(42) }.WriteTo(sntpRequest);
        var generous = new SntpRateLimitOptions { Burst = 1_000_000, RequestsPerSecond = 1_000_000 };

        Assert.Equal(0, AllocatedBy(new SntpHandler(clock, new SntpResponder(new SntpServerSettings(), new SntpRateLimiter(generous))), sntpRequest, context));
        Assert.Equal(0, AllocatedBy(new Rfc868Handler(clock), [], context));
        Assert.Equal(0, AllocatedBy(new DaytimeHandler(clock, DateTimeZoneProviders.Tzdb["Europe/London"]), [], context));
    }
}
