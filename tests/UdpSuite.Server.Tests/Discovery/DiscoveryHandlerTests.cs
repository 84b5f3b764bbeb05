using System.Net;
using NodaTime;
using NodaTime.Testing;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Discovery;
using UdpSuite.Server.Discovery;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Hosting;
using UdpSuite.Server.RateLimiting;
using NSubstitute;
using UdpSuite.Server.Tests.Handlers;

namespace UdpSuite.Server.Tests.Discovery;

public class DiscoveryHandlerTests
{
    private static readonly byte[] ServerKey = [.. Enumerable.Range(1, DiscoveryWire.ServerKeyLength).Select(i => (byte)i)];

    private static readonly DiscoveryAnswer Announcement = new(0, "lab", null,
        [new(DiscoveryEndpointKind.Chat, 8081), new(DiscoveryEndpointKind.TimeText, 9000), new(DiscoveryEndpointKind.Sntp, 1123)], ServerKey);

    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 11, 24, 3, 0));

    private DatagramContext From(string address) => new(TestAddresses.Of(address), _clock.GetCurrentInstant());

    private static byte[] Probe(ulong nonce)
    {
        byte[] probe = new byte[DiscoveryWire.ProbeLength];
        DiscoveryCodec.WriteProbe(probe, nonce);
        return probe;
    }

    [Fact]
    public void A_probe_gets_the_announcement_with_its_nonce_and_key_within_three_times_its_size()
    {
        using var handler = new DiscoveryHandler(() => Announcement);
        byte[] reply = new byte[AmplificationLimit.MaxUdpPayload];
        HandlerResult result = handler.Handle(Probe(0xABCDEF), reply, From("10.0.0.9"));
        Assert.False(result.IsDrop);
        Assert.True(AmplificationLimit.Allows(DiscoveryWire.ProbeLength, result.ReplyLength));
        Assert.True(DiscoveryCodec.TryReadAnswer(reply.AsSpan(0, result.ReplyLength), out DiscoveryAnswer answer));
        Assert.Equal(0xABCDEFUL, answer.Nonce);
        Assert.Equal("lab", answer.ServerName);
        Assert.Null(answer.Address);
        Assert.Equal(Announcement.Endpoints, answer.Endpoints);
        Assert.Equal(ServerKey, answer.ServerKey.ToArray());
    }

    [Fact]
    public void The_announcement_is_built_once_at_the_first_probe()
    {
        int built = 0;
        using var handler = new DiscoveryHandler(() =>
        {
            built++;
            return Announcement;
        });
        Assert.Equal(0, built);
        byte[] reply = new byte[AmplificationLimit.MaxUdpPayload];
        handler.Handle(Probe(1), reply, From("10.0.0.9"));
        handler.Handle(Probe(2), reply, From("10.0.0.9"));
        Assert.Equal(1, built);
    }

    [Theory]
    [InlineData(new byte[] { 0x55, 0x43, 0x01, 0x41 }, DiscoveryDropReasons.TooShort)]
    [InlineData(new byte[] { 0x55, 0x43, 0x01, 0x08 }, DiscoveryDropReasons.NotProbe)]
    [InlineData(new byte[] { 1, 2, 3 }, DiscoveryDropReasons.NotProbe)]
    public void Junk_and_short_probes_are_dropped_without_reply(byte[] datagram, string reason)
    {
        using var handler = new DiscoveryHandler(() => Announcement);
        HandlerResult result = handler.Handle(datagram, new byte[AmplificationLimit.MaxUdpPayload], From("10.0.0.9"));
        Assert.Equal(reason, result.DropReason);
    }

    [Fact]
    public void A_source_over_its_probe_rate_is_dropped_and_others_still_answered()
    {
        using var handler = new DiscoveryHandler(() => Announcement);
        byte[] reply = new byte[AmplificationLimit.MaxUdpPayload];
        int answered = 0;
        for (int i = 0; i < 100; i++)
        {
            answered += handler.Handle(Probe((ulong)i), reply, From("10.0.0.66")).IsDrop ? 0 : 1;
        }

        Assert.InRange(answered, DiscoveryHandler.ProbeBurst, DiscoveryHandler.ProbeBurst + 1);
        Assert.Equal(DiscoveryDropReasons.RateLimited, handler.Handle(Probe(1), reply, From("10.0.0.66")).DropReason);
        Assert.False(handler.Handle(Probe(1), reply, From("10.0.0.67")).IsDrop);
    }

    [Fact]
    public void Answering_allocates_nothing_once_warm()
    {
        using var handler = new DiscoveryHandler(() => Announcement, new TokenBucketSettings(1_000_000, 1_000_000, TimeSpan.FromSeconds(1), 100));
        byte[] probe = Probe(5);
        byte[] reply = new byte[AmplificationLimit.MaxUdpPayload];
        DatagramContext context = From("10.0.0.9");
        for (int i = 0; i < 100; i++)
        {
            handler.Handle(probe, reply, context);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Assert.False(handler.Handle(probe, reply, context).IsDrop);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void The_announcement_lists_bound_listeners_and_omits_a_wildcard_address()
    {
        static BoundListener Bound(string name, string address, int port) =>
            new(name, new IPEndPoint(IPAddress.Parse(address), port), [], Substitute.For<IDatagramHandler>());

        DiscoveryAnswer wildcard = DiscoveryAnnouncement.From("s", [Bound("time-text", "0.0.0.0", 9000), Bound("chat", "0.0.0.0", 8081), Bound("discovery", "0.0.0.0", 8082)], ServerKey);
        Assert.Null(wildcard.Address);
        Assert.Equal(ServerKey, wildcard.ServerKey.ToArray());
        Assert.Equal([new(DiscoveryEndpointKind.TimeText, 9000), new(DiscoveryEndpointKind.Chat, 8081)], wildcard.Endpoints);

        DiscoveryAnswer specific = DiscoveryAnnouncement.From("s", [Bound("sntp", "127.0.0.1", 1123)], ServerKey);
        Assert.Equal(IPAddress.Loopback, specific.Address);
        Assert.Equal("named", DiscoveryAnnouncement.ServerName(new ServerOptions { ServerName = "  named " }));
        Assert.Equal(Environment.MachineName, DiscoveryAnnouncement.ServerName(new ServerOptions()));
    }
}
