using NodaTime;
using UdpSuite.Time.Zones;

namespace UdpSuite.Time.Tests.Zones;

public sealed class TzifZoneTests
{
    private static TzifZone Host(string id) =>
        TzifZone.Create(id, TzifParser.Parse(File.ReadAllBytes("/usr/share/zoneinfo/" + id)).Value!);

    private static TzifZone Synthetic(TzifTestFile file) => TzifZone.Create("Test/Zone", TzifParser.Parse(file.Build()).Value!);

    private static long Utc(int year, int month, int day, int hour = 0) =>
        Instant.FromUtc(year, month, day, hour, 0).ToUnixTimeSeconds();

    [Fact]
    public void Before_the_first_transition_the_first_non_dst_type_applies()
    {
        var zone = Synthetic(new TzifTestFile
        {
            Transitions = [1000],
            TransitionTypes = [2],
            Types = [(7200, true, 0), (3600, false, 4), (0, false, 8)],
            Abbreviations = "DST\0STD\0UTC\0",
        });

        Assert.Equal(new ZoneOffsetInfo(3600, false, "STD"), zone.GetOffsetInfo(999));
        Assert.Equal(new ZoneOffsetInfo(0, false, "UTC"), zone.GetOffsetInfo(1000));
    }

    [Fact]
    public void When_every_type_is_dst_type_0_applies_before_the_first_transition()
    {
        var zone = Synthetic(new TzifTestFile
        {
            Transitions = [1000],
            TransitionTypes = [1],
            Types = [(7200, true, 0), (3600, true, 4)],
            Abbreviations = "AAA\0BBB\0",
        });

        Assert.Equal(new ZoneOffsetInfo(7200, true, "AAA"), zone.GetOffsetInfo(0));
    }

    [Fact]
    public void Without_transitions_the_footer_is_ignored_like_glibc()
    {
        var zone = Synthetic(new TzifTestFile { Footer = "EST5EDT,M3.2.0,M11.1.0" });

        Assert.Null(zone.FooterRule);
        Assert.Equal(new ZoneOffsetInfo(0, false, "UTC"), zone.GetOffsetInfo(Utc(2030, 7, 1)));
        Assert.Equal(zone.MinOffset, zone.MaxOffset);
        var interval = zone.GetZoneInterval(Instant.FromUtc(2030, 7, 1, 0, 0));
        Assert.False(interval.HasStart);
        Assert.False(interval.HasEnd);
    }

    [Fact]
    public void From_the_last_transition_on_the_footer_applies_even_at_the_transition_itself()
    {
        var zone = Synthetic(new TzifTestFile
        {
            Transitions = [1000],
            TransitionTypes = [1],
            Types = [(0, false, 0), (100, false, 4)],
            Abbreviations = "UTC\0XXX\0",
            Footer = "<+01>-1",
        });

        Assert.Equal(new ZoneOffsetInfo(0, false, "UTC"), zone.GetOffsetInfo(999));
        Assert.Equal(new ZoneOffsetInfo(3600, false, "+01"), zone.GetOffsetInfo(1000));
    }

    [Fact]
    public void Without_a_footer_the_last_type_stays()
    {
        var zone = Synthetic(new TzifTestFile
        {
            Transitions = [1000],
            TransitionTypes = [1],
            Types = [(0, false, 0), (100, true, 4)],
            Abbreviations = "UTC\0XXX\0",
            Footer = string.Empty,
        });

        Assert.Equal(new ZoneOffsetInfo(100, true, "XXX"), zone.GetOffsetInfo(long.MaxValue));
        Assert.False(zone.GetZoneInterval(Instant.MaxValue).HasEnd);
    }

    [Fact]
    public void Offsets_beyond_18_hours_are_rejected_at_creation()
    {
        var data = TzifParser.Parse(new TzifTestFile { Types = [(19 * 3600, false, 0)] }.Build()).Value!;

        Assert.Throws<ArgumentException>(() => TzifZone.Create("Test/Far", data));
    }

    [Fact]
    public void Lmt_keeps_its_seconds()
    {
        var zone = Host("America/New_York");

        var interval = zone.GetZoneInterval(Instant.FromUtc(1850, 1, 1, 0, 0));

        Assert.Equal("LMT", interval.Name);
        Assert.Equal(Offset.FromSeconds(-17762), interval.WallOffset);
        Assert.False(interval.HasStart);
        Assert.Equal(Instant.FromUnixTimeSeconds(-2717650800), interval.End);
    }

    [Fact]
    public void Dublin_winter_is_glibc_dst_with_negative_savings()
    {
        var zone = Host("Europe/Dublin");

        var winter = zone.GetZoneInterval(Instant.FromUtc(2030, 1, 15, 0, 0));
        var summer = zone.GetZoneInterval(Instant.FromUtc(2030, 7, 15, 0, 0));

        Assert.Equal(("GMT", Offset.Zero, Offset.FromHours(-1)), (winter.Name, winter.WallOffset, winter.Savings));
        Assert.Equal(("IST", Offset.FromHours(1), Offset.Zero), (summer.Name, summer.WallOffset, summer.Savings));
        Assert.True(zone.GetOffsetInfo(Utc(2030, 1, 15)).IsDst);
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Europe/Dublin")]
    [InlineData("Africa/Casablanca")]
    [InlineData("Asia/Kolkata")]
    public void Consecutive_intervals_tile_the_timeline(string id)
    {
        var zone = Host(id);
        var interval = zone.GetZoneInterval(Instant.FromUtc(1800, 1, 1, 0, 0));
        var stop = Instant.FromUtc(2300, 1, 1, 0, 0);
        int count = 0;
        while (interval.HasEnd && interval.End < stop)
        {
            var next = zone.GetZoneInterval(interval.End);
            Assert.Equal(interval.End, next.Start);
            var info = zone.GetOffsetInfo(interval.End.ToUnixTimeSeconds());
            Assert.Equal((info.UtcOffsetSeconds, info.Abbreviation, info.IsDst), (next.WallOffset.Seconds, next.Name, next.Savings != Offset.Zero));
            interval = next;
            count++;
        }

        Assert.True(count > 0 || !interval.HasEnd);
    }

    [Fact]
    public void Noda_time_local_mapping_agrees_with_the_embedded_tzdb_for_modern_dates()
    {
        var zone = Host("America/New_York");
        var reference = DateTimeZoneProviders.Tzdb["America/New_York"];
        var local = new LocalDateTime(2025, 1, 1, 0, 30);
        for (int i = 0; i < 24 * 400; i++, local = local.PlusHours(1))
        {
            Assert.Equal(reference.AtLeniently(local).ToInstant(), zone.AtLeniently(local).ToInstant());
        }

        Assert.Throws<SkippedTimeException>(() => zone.AtStrictly(new LocalDateTime(2025, 3, 9, 2, 30)));
        Assert.Throws<AmbiguousTimeException>(() => zone.AtStrictly(new LocalDateTime(2025, 11, 2, 1, 30)));
    }

    [Fact]
    public void Concurrent_lookups_agree_with_sequential_ones()
    {
        var zone = Host("Pacific/Chatham");
        var random = new Random(5);
        var instants = Enumerable.Range(0, 20000).Select(_ => random.NextInt64(Utc(2030, 1, 1), Utc(2500, 1, 1))).ToArray();
        var expected = instants.Select(t => PosixTzRule.Parse(zone.Data.Footer!).GetOffsetInfo(t)).ToArray();
        var actual = new ZoneOffsetInfo[instants.Length];

        Parallel.For(0, instants.Length, i => actual[i] = zone.GetOffsetInfo(instants[i]));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Offset_lookup_does_not_allocate()
    {
        var zone = Host("America/Sao_Paulo");
        var footerZone = Host("Europe/London");
        long sink = 0;
        for (long t = 0; t < 1000; t++)
        {
            sink += zone.GetOffsetInfo(t * 1_000_000).UtcOffsetSeconds + footerZone.GetOffsetInfo(4_000_000_000 + (t * 1_000_000)).UtcOffsetSeconds;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (long t = 0; t < 10_000; t++)
        {
            sink += zone.GetOffsetInfo(t * 100_000).UtcOffsetSeconds + footerZone.GetOffsetInfo(4_000_000_000 + (t * 100_000)).UtcOffsetSeconds;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sink != 0);

        // Only the per-year footer cache entries (one small object per new UTC year) may allocate.
        Assert.True(allocated < 10_000, $"allocated {allocated} bytes");
    }
}
