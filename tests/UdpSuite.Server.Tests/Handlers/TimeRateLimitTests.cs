using NodaTime;
using NodaTime.Testing;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;
using UdpSuite.Time.Strftime;

namespace UdpSuite.Server.Tests.Handlers;

/// <summary>Issue 19, item 6: the per-address token bucket of the time-text, daytime and RFC 868 handlers (fake clock, no sockets).</summary>
public sealed class TimeRateLimitTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 2, 12, 0, 0);

    [Fact]
    public void Each_time_listener_answers_a_burst_then_drops_that_address_while_another_is_answered()
    {
        using var limiter = new TimeRateLimiter(new TimeRateLimitOptions { Burst = 3, RequestsPerSecond = 1 });
        var clock = new FakeClock(Now);
        IDatagramHandler[] handlers =
        [
            new TimeTextHandler(clock, new ZoneLookup(TestZones.Provider), DateTimeZone.Utc, new StrftimeFormatCache(), limiter),
            new DaytimeHandler(clock, DateTimeZone.Utc, limiter),
            new Rfc868Handler(clock, limiter),
        ];
        byte[] request = "%H:%M"u8.ToArray();
        var reply = new byte[1024];

        foreach (IDatagramHandler handler in handlers)
        {
            for (int i = 0; i < 3; i++)
            {
                Assert.True(handler.Handle(request, reply, new DatagramContext(TestAddresses.Of("10.0.0.1"), Now)).IsReply);
            }

            HandlerResult flooded = handler.Handle(request, reply, new DatagramContext(TestAddresses.Of("10.0.0.1", 40001), Now)); // another port: the same address
            Assert.Equal(TimeRateLimiter.DropReason, flooded.DropReason);
            Assert.True(handler.Handle(request, reply, new DatagramContext(TestAddresses.Of("10.0.0.2"), Now)).IsReply);
            Assert.Equal(1, limiter.Dropped(handler.Name)); // each listener has its own buckets
        }
    }

    [Fact]
    public void Without_a_limiter_a_handler_answers_everything()
    {
        var handler = new Rfc868Handler(new FakeClock(Now));
        var reply = new byte[16];
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(4, handler.Handle([], reply, new DatagramContext(TestAddresses.Of("10.0.0.1"), Now)).ReplyLength);
        }
    }
}
