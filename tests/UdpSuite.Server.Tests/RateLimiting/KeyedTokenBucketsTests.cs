using NodaTime;
using NodaTime.Testing;
using UdpSuite.Protocol.RateLimiting;
using UdpSuite.Server.RateLimiting;

namespace UdpSuite.Server.Tests.RateLimiting;

/// <summary>The per-key token buckets behind the chat and discovery limits, on a fake clock (tokens refill in real time).</summary>
public class KeyedTokenBucketsTests
{
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 11, 24, 3, 0));

    private static KeyedTokenBuckets<string> Buckets(int perSecond = 1, int burst = 5, int noticeMs = 1000, int maxKeys = 100) =>
        new(new TokenBucketSettings(perSecond, burst, TimeSpan.FromMilliseconds(noticeMs), maxKeys), StringComparer.Ordinal);

    [Fact]
    public void A_key_gets_its_burst_then_is_refused_and_counted()
    {
        using KeyedTokenBuckets<string> buckets = Buckets(burst: 5);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(RateVerdict.Allow, buckets.Take("a", _clock.GetCurrentInstant()));
        }

        Assert.NotEqual(RateVerdict.Allow, buckets.Take("a", _clock.GetCurrentInstant()));
        Assert.NotEqual(RateVerdict.Allow, buckets.Take("a", _clock.GetCurrentInstant()));
        Assert.Equal(2, buckets.DroppedFor("a"));
        Assert.Equal(2, buckets.Dropped);
    }

    [Fact]
    public void Other_keys_are_unaffected_by_one_key_over_its_limit()
    {
        using KeyedTokenBuckets<string> buckets = Buckets(burst: 3);
        for (int i = 0; i < 1000; i++)
        {
            buckets.Take("flooder", _clock.GetCurrentInstant());
        }

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(RateVerdict.Allow, buckets.Take("quiet", _clock.GetCurrentInstant()));
        }

        Assert.Equal(0, buckets.DroppedFor("quiet"));
        Assert.Equal(997, buckets.DroppedFor("flooder"));
    }

    [Fact]
    public void Notices_go_out_at_most_once_per_interval_per_key()
    {
        using KeyedTokenBuckets<string> buckets = Buckets(burst: 1, noticeMs: 1000);
        Instant now = _clock.GetCurrentInstant();
        Assert.Equal(RateVerdict.Allow, buckets.Take("a", now));
        Assert.Equal(RateVerdict.DropAndNotify, buckets.Take("a", now));
        Assert.Equal(RateVerdict.Allow, buckets.Take("b", now));
        Assert.Equal(RateVerdict.DropAndNotify, buckets.Take("b", now)); // b's notice is its own
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(RateVerdict.Drop, buckets.Take("a", now + Duration.FromMilliseconds(i * 9)));
        }

        _clock.Advance(Duration.FromMilliseconds(1000));
        Assert.NotEqual(RateVerdict.Drop, buckets.Take("a", _clock.GetCurrentInstant())); // a token or the next notice
    }

    [Fact]
    public void A_notice_burst_goes_out_back_to_back_then_one_per_interval()
    {
        using var buckets = new KeyedTokenBuckets<string>(new TokenBucketSettings(1, 1, TimeSpan.FromSeconds(4), 100, NoticeBurst: 2), StringComparer.Ordinal);
        Instant now = _clock.GetCurrentInstant();
        Assert.Equal(RateVerdict.Allow, buckets.Take("a", now));
        Assert.Equal(RateVerdict.DropAndNotify, buckets.Take("a", now));
        Assert.Equal(RateVerdict.DropAndNotify, buckets.Take("a", now));
        Assert.Equal(RateVerdict.Drop, buckets.Take("a", now));
        Assert.Equal(RateVerdict.Drop, buckets.Take("a", now + Duration.FromSeconds(3)));
        Assert.NotEqual(RateVerdict.Drop, buckets.Take("a", now + Duration.FromSeconds(4))); // a token or the next notice
        Assert.True(buckets.IdleAfter >= Duration.FromSeconds(8), "a key is remembered until its notice budget has refilled");
    }

    [Fact]
    public void A_refused_key_is_not_asked_again_before_one_token_of_time_passed()
    {
        // 1 token/s: even if the limiter had refilled in real time, the fake clock says no time passed, so the key stays refused.
        using KeyedTokenBuckets<string> buckets = Buckets(perSecond: 1, burst: 1);
        Instant now = _clock.GetCurrentInstant();
        Assert.Equal(RateVerdict.Allow, buckets.Take("a", now));
        Assert.NotEqual(RateVerdict.Allow, buckets.Take("a", now));
        Assert.Equal(TimeSpan.FromSeconds(1), buckets.RetryAfter);
        Assert.NotEqual(RateVerdict.Allow, buckets.Take("a", now + Duration.FromMilliseconds(999)));
    }

    [Fact]
    public void Tokens_come_back_with_time()
    {
        using KeyedTokenBuckets<string> buckets = Buckets(perSecond: 100, burst: 1);

        // Drain (the limiter may grant one token beyond the burst as it refills in real time meanwhile).
        int granted = 0;
        while (buckets.Take("a", _clock.GetCurrentInstant()) == RateVerdict.Allow && granted < 100)
        {
            granted++;
        }

        Assert.InRange(granted, 1, 99);

        // Replenishment runs on real time: poll (bounded) instead of sleeping a fixed time.
        bool allowed = false;
        for (int i = 0; i < 500 && !allowed; i++)
        {
            Thread.Sleep(10);
            _clock.Advance(Duration.FromMilliseconds(10));
            allowed = buckets.Take("a", _clock.GetCurrentInstant()) == RateVerdict.Allow;
        }

        Assert.True(allowed, "no token came back within 5 s at 100 tokens/s");
    }

    [Fact]
    public void The_table_stays_bounded_under_a_flood_of_distinct_keys()
    {
        using KeyedTokenBuckets<string> buckets = Buckets(maxKeys: 1000);
        for (int i = 0; i < 20_000; i++)
        {
            Assert.Equal(RateVerdict.Allow, buckets.Take(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _clock.GetCurrentInstant()));
            Assert.True(buckets.TrackedKeys <= 1000);
        }
    }

    [Fact]
    public void Idle_keys_are_forgotten_and_active_ones_kept()
    {
        using KeyedTokenBuckets<string> buckets = Buckets(perSecond: 1, burst: 1);
        Duration idle = buckets.IdleAfter;
        buckets.Take("idle", _clock.GetCurrentInstant());
        buckets.Take("active", _clock.GetCurrentInstant());
        buckets.Take("active", _clock.GetCurrentInstant()); // refused: its state must survive rotations while it stays active
        for (int i = 0; i < 3; i++)
        {
            _clock.Advance(idle);
            buckets.Take("active", _clock.GetCurrentInstant());
        }

        Assert.Equal(1, buckets.TrackedKeys);
        Assert.Equal(0, buckets.DroppedFor("idle"));
        Assert.True(buckets.DroppedFor("active") >= 1);
    }

    [Fact]
    public void Admitting_and_refusing_a_known_key_allocates_nothing()
    {
        using KeyedTokenBuckets<string> generous = Buckets(perSecond: 1_000_000, burst: 1_000_000);
        using KeyedTokenBuckets<string> strict = Buckets(perSecond: 1, burst: 1);
        Instant now = _clock.GetCurrentInstant();
        for (int i = 0; i < 100; i++)
        {
            generous.Take("a", now);
            strict.Take("a", now);
        }

        int allowed = 0;
        int dropped = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            allowed += generous.Take("a", now) == RateVerdict.Allow ? 1 : 0;
            dropped += strict.Take("a", now) == RateVerdict.Drop ? 1 : 0; // a flood: refused by the gate, without a lease
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal((1000, 1000, 0L), (allowed, dropped, allocated));
    }

    [Fact]
    public void Invalid_settings_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Buckets(perSecond: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Buckets(burst: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Buckets(maxKeys: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyedTokenBuckets<string>(new TokenBucketSettings(1, 1, TimeSpan.FromSeconds(1), 100, NoticeBurst: 0)));
    }
}
