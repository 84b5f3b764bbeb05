using System.Net;
using NodaTime;
using UdpSuite.Protocol.RateLimiting;
using UdpSuite.Server.Handlers;

namespace UdpSuite.Server.Tests.Handlers;

public class SntpRateLimiterTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 1, 2, 3);

    private static SocketAddress Client(int index) =>
        new IPEndPoint(new IPAddress(BitConverter.GetBytes(0x0A00_0000 + index)), 123).Serialize();

    [Fact]
    public void Table_stays_bounded_under_a_flood_of_distinct_addresses()
    {
        using var limiter = new SntpRateLimiter(new SntpRateLimitOptions { MaxClients = 1000 });
        for (int i = 0; i < 20_000; i++)
        {
            Assert.Equal(RateVerdict.Allow, limiter.Take(Client(i), Now));
            Assert.True(limiter.TrackedClients <= 1000);
        }
    }

    [Fact]
    public void An_active_client_keeps_its_state_across_a_rotation()
    {
        using var limiter = new SntpRateLimiter(new SntpRateLimitOptions { MaxClients = 10, Burst = 1, RequestsPerSecond = 1, KissOfDeathIntervalSeconds = 60 });
        SocketAddress flooder = Client(999);
        Assert.Equal(RateVerdict.Allow, limiter.Take(flooder, Now));
        for (int i = 0; i < 12; i++)
        {
            limiter.Take(Client(i), Now);
            // The flooder keeps asking, so it stays in the newest generation and stays limited.
            Assert.NotEqual(RateVerdict.Allow, limiter.Take(flooder, Now));
        }
    }

    [Fact]
    public void A_client_over_its_rate_gets_the_kiss_of_death_burst_then_silence()
    {
        using var limiter = new SntpRateLimiter(new SntpRateLimitOptions { Burst = 1, RequestsPerSecond = 1, KissOfDeathBurst = 2, KissOfDeathIntervalSeconds = 4 });
        SocketAddress client = Client(1);
        Assert.Equal(RateVerdict.Allow, limiter.Take(client, Now));
        Assert.Equal(RateVerdict.DropAndNotify, limiter.Take(client, Now));
        Assert.Equal(RateVerdict.DropAndNotify, limiter.Take(client, Now));
        Assert.Equal(RateVerdict.Drop, limiter.Take(client, Now));
        Assert.Equal(RateVerdict.Drop, limiter.Take(client, Now + Duration.FromMilliseconds(500)));
    }

    [Fact]
    public void Ports_do_not_matter_and_ipv4_is_its_mapped_ipv6_form()
    {
        using var limiter = new SntpRateLimiter(new SntpRateLimitOptions { Burst = 1, RequestsPerSecond = 1 });
        Assert.Equal(RateVerdict.Allow, limiter.Take(new IPEndPoint(IPAddress.Parse("192.0.2.5"), 1).Serialize(), Now));
        Assert.NotEqual(RateVerdict.Allow, limiter.Take(new IPEndPoint(IPAddress.Parse("192.0.2.5"), 2).Serialize(), Now));
        Assert.NotEqual(RateVerdict.Allow, limiter.Take(new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.5"), 1).Serialize(), Now));
        Assert.Equal(RateVerdict.Allow, limiter.Take(new IPEndPoint(IPAddress.Parse("192.0.2.6"), 1).Serialize(), Now));
        Assert.Equal(2, limiter.TrackedClients);
    }
}
