using System.Net;
using UdpSuite.Client.Lan;

namespace UdpSuite.Client.Tests.Lan;

/// <summary>The peer's bounded bookkeeping with a clock the test moves: expiry, duplicate memory, the ANSENTRY limit.</summary>
public sealed class LanBookkeepingTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly IPEndPoint Alice = new(IPAddress.Parse("192.0.2.1"), 2425);
    private static readonly IPEndPoint Bob = new(IPAddress.Parse("192.0.2.2"), 2425);

    [Fact]
    public void Peers_expire_after_the_expiry_without_a_packet_and_a_touch_keeps_them()
    {
        var clock = new ManualClock();
        var table = new LanPeerTable(clock, TimeSpan.FromMinutes(12));
        table.Upsert(new LanPeerInfo(Alice, "alice", "a", "Alice", "", false, false, clock.Now));
        table.Upsert(new LanPeerInfo(Bob, "bob", "b", "Bob", "", false, false, clock.Now));

        clock.Now += TimeSpan.FromMinutes(10);
        table.Touch(Alice, () => throw new InvalidOperationException("known"));
        clock.Now += TimeSpan.FromMinutes(3);

        Assert.Equal(["alice"], table.Snapshot().Select(p => p.User));
        Assert.Null(table.Find(Bob));
    }

    [Fact]
    public void A_full_table_makes_room_by_dropping_the_longest_silent_peer()
    {
        var clock = new ManualClock();
        var table = new LanPeerTable(clock, TimeSpan.FromHours(1), capacity: 2);
        table.Upsert(new LanPeerInfo(Alice, "alice", "a", "", "", false, false, clock.Now));
        clock.Now += TimeSpan.FromSeconds(1);
        table.Upsert(new LanPeerInfo(Bob, "bob", "b", "", "", false, false, clock.Now));
        table.Upsert(new LanPeerInfo(new IPEndPoint(IPAddress.Parse("192.0.2.3"), 2425), "carol", "c", "", "", false, false, clock.Now));

        Assert.Equal(["bob", "carol"], table.Snapshot().Select(p => p.User).Order());
    }

    [Fact]
    public void Duplicates_are_remembered_per_address_up_to_the_capacity()
    {
        var filter = new LanDuplicateFilter(capacity: 3);
        filter.Remember(Alice, 1);

        Assert.True(filter.Seen(Alice, 1));
        Assert.False(filter.Seen(Bob, 1)); // the same number from another peer is another message

        filter.Remember(Alice, 2);
        filter.Remember(Alice, 3);
        filter.Remember(Alice, 4);
        Assert.False(filter.Seen(Alice, 1)); // the oldest is forgotten first
        Assert.True(filter.Seen(Alice, 4));
    }

    [Fact]
    public void Answers_are_limited_per_address_and_window()
    {
        var clock = new ManualClock();
        var limiter = new LanAnswerRateLimiter(clock, 4, TimeSpan.FromSeconds(10));

        Assert.Equal([true, true, true, true, false], Enumerable.Range(0, 5).Select(_ => limiter.Allow(Alice.Address)));
        Assert.True(limiter.Allow(Bob.Address));
        clock.Now += TimeSpan.FromSeconds(10);
        Assert.True(limiter.Allow(Alice.Address));
    }

    [Fact]
    public void Defaults_are_port_2425_gb18030_broadcast_4_attempts_from_1_s_12_min_expiry_5_min_refresh_4_answers_per_10_s()
    {
        var options = new LanPeerOptions();

        Assert.Equal(2425, options.Port);
        Assert.Equal("GB18030", options.LegacyEncoding);
        Assert.True(options.Broadcast);
        Assert.Equal(4, options.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryInterval);
        Assert.Equal(TimeSpan.FromMinutes(12), options.PeerExpiry);
        Assert.Equal(TimeSpan.FromMinutes(5), options.RefreshInterval);
        Assert.Equal(4, options.AnswersPerWindow);
        Assert.Equal(TimeSpan.FromSeconds(10), options.AnswerWindow);
    }
}
