using System.Net;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Handlers;

namespace UdpSuite.Server.Tests.Handlers;

public class SntpClientRateLimiterTests
{
    [Fact]
    public void Table_stays_bounded_under_a_flood_of_distinct_addresses()
    {
        using var limiter = new SntpClientRateLimiter(new SntpRateLimitOptions { MaxClients = 1000 });
        for (int i = 0; i < 20_000; i++)
        {
            Assert.Equal(SntpRateVerdict.Allow, limiter.Check(new ClientAddressKey(0, (ulong)i)));
            Assert.True(limiter.TrackedClients <= 1000);
        }
    }

    [Fact]
    public void An_active_client_keeps_its_state_across_a_rotation()
    {
        using var limiter = new SntpClientRateLimiter(new SntpRateLimitOptions { MaxClients = 10, Burst = 1, RequestsPerSecond = 1, KissOfDeathIntervalSeconds = 60 });
        var flooder = new ClientAddressKey(0, 999);
        Assert.Equal(SntpRateVerdict.Allow, limiter.Check(flooder));
        for (int i = 0; i < 12; i++)
        {
            limiter.Check(new ClientAddressKey(0, (ulong)i));
            // The flooder keeps asking, so it stays in the newest generation and stays limited.
            Assert.NotEqual(SntpRateVerdict.Allow, limiter.Check(flooder));
        }
    }

    [Fact]
    public void Tokens_come_back_with_time()
    {
        using var limiter = new SntpClientRateLimiter(new SntpRateLimitOptions { Burst = 1, RequestsPerSecond = 10 });
        var client = new ClientAddressKey(0, 1);
        Assert.Equal(SntpRateVerdict.Allow, limiter.Check(client));
        Assert.NotEqual(SntpRateVerdict.Allow, limiter.Check(client));
        Thread.Sleep(1100);
        Assert.Equal(SntpRateVerdict.Allow, limiter.Check(client));
    }

    [Fact]
    public void Ipv4_and_its_mapped_ipv6_form_are_one_client_and_ports_do_not_matter()
    {
        ClientAddressKey v4 = ClientAddressKey.From(new IPEndPoint(IPAddress.Parse("192.0.2.5"), 1).Serialize());
        ClientAddressKey v4OtherPort = ClientAddressKey.From(new IPEndPoint(IPAddress.Parse("192.0.2.5"), 2).Serialize());
        ClientAddressKey mapped = ClientAddressKey.From(new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.5"), 1).Serialize());
        ClientAddressKey other = ClientAddressKey.From(new IPEndPoint(IPAddress.Parse("192.0.2.6"), 1).Serialize());
        Assert.Equal(v4, v4OtherPort);
        Assert.Equal(v4, mapped);
        Assert.NotEqual(v4, other);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SntpClientRateLimiter(new SntpRateLimitOptions { Burst = 0 }));
    }
}
