using UdpSuite.Time.Zones;

namespace UdpSuite.Time.Tests.Zones;

public sealed class PosixTzRuleTests
{
    private static long Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public void Parses_us_eastern_with_west_positive_offsets_stored_east_positive()
    {
        var rule = PosixTzRule.Parse("EST5EDT,M3.2.0,M11.1.0");

        Assert.Equal("EST", rule.StandardName);
        Assert.Equal("EDT", rule.DaylightName);
        Assert.Equal(-5 * 3600, rule.StandardOffsetSeconds);
        Assert.Equal(-4 * 3600, rule.DaylightOffsetSeconds);
        Assert.True(rule.HasDaylightPart);
        Assert.Equal(new PosixTzChangeRule(PosixTzDateKind.MonthWeekDay, 3, 2, 0, 7200, -5 * 3600), rule.DstStart);
        Assert.Equal(new PosixTzChangeRule(PosixTzDateKind.MonthWeekDay, 11, 1, 0, 7200, -4 * 3600), rule.DstEnd);
    }

    [Fact]
    public void Us_eastern_changes_at_2am_local_on_second_sunday_of_march_and_first_of_november()
    {
        var rule = PosixTzRule.Parse("EST5EDT,M3.2.0,M11.1.0");

        var (start, end) = rule.GetChanges(2025);

        Assert.Equal(Utc(2025, 3, 9, 7), start);
        Assert.Equal(Utc(2025, 11, 2, 6), end);
        Assert.False(rule.IsDaylight(start - 1));
        Assert.True(rule.IsDaylight(start));
        Assert.True(rule.IsDaylight(end - 1));
        Assert.False(rule.IsDaylight(end));
        Assert.Equal(new ZoneOffsetInfo(-4 * 3600, true, "EDT"), rule.GetOffsetInfo(Utc(2025, 7, 1)));
    }

    [Fact]
    public void Quoted_name_with_minutes_has_no_dst()
    {
        var rule = PosixTzRule.Parse("<+0545>-5:45");

        Assert.Equal("+0545", rule.StandardName);
        Assert.Equal("+0545", rule.DaylightName);
        Assert.Equal((5 * 3600) + (45 * 60), rule.StandardOffsetSeconds);
        Assert.False(rule.HasDaylightPart);
        Assert.True(rule.NeverDaylight);
        Assert.Equal(new ZoneOffsetInfo(20700, false, "+0545"), rule.GetOffsetInfo(Utc(2030, 6, 1)));
    }

    [Fact]
    public void Negative_rule_times_and_default_dst_offset()
    {
        var rule = PosixTzRule.Parse("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1");

        Assert.Equal(-2 * 3600, rule.DaylightOffsetSeconds);
        Assert.Equal(-7200, rule.DstStart.TimeSeconds);
        Assert.Equal(-3600, rule.DstEnd.TimeSeconds);

        // Last Sunday of March 2025 is the 30th; -2:00 local standard time is 29 March 22:00 -03 = 30 March 01:00 UTC.
        Assert.Equal(Utc(2025, 3, 30, 1), rule.GetChanges(2025).DstStart);
    }

    [Fact]
    public void Negative_dst_like_dublin_is_dst_in_winter()
    {
        var rule = PosixTzRule.Parse("IST-1GMT0,M10.5.0,M3.5.0/1");

        Assert.Equal(new ZoneOffsetInfo(0, true, "GMT"), rule.GetOffsetInfo(Utc(2025, 1, 15)));
        Assert.Equal(new ZoneOffsetInfo(3600, false, "IST"), rule.GetOffsetInfo(Utc(2025, 7, 15)));
    }

    [Fact]
    public void Zero_based_and_julian_days_with_extended_hours()
    {
        var rule = PosixTzRule.Parse("EST5EDT,0/0,J365/25");

        Assert.Equal(PosixTzDateKind.ZeroBasedDay, rule.DstStart.Kind);
        Assert.Equal(PosixTzDateKind.JulianDay, rule.DstEnd.Kind);
        Assert.Equal(25 * 3600, rule.DstEnd.TimeSeconds);
        var (start, end) = rule.GetChanges(2025);
        Assert.Equal(Utc(2025, 1, 1, 5), start);
        Assert.Equal(Utc(2026, 1, 1, 5), end); // Dec 31 25:00 EDT.
        Assert.True(rule.IsDaylight(Utc(2025, 12, 31, 23)));
    }

    [Fact]
    public void Julian_day_60_is_march_1_even_in_leap_years_but_zero_based_60_is_not()
    {
        var julian = PosixTzRule.Parse("UTC0DST,J60/0,J61/0");
        var zeroBased = PosixTzRule.Parse("UTC0DST,59/0,60/0");

        Assert.Equal(Utc(2024, 3, 1), julian.GetChanges(2024).DstStart);
        Assert.Equal(Utc(2024, 2, 29), zeroBased.GetChanges(2024).DstStart);
        Assert.Equal(Utc(2023, 3, 1), zeroBased.GetChanges(2023).DstStart);
    }

    [Fact]
    public void Week_5_means_the_last_such_weekday()
    {
        var rule = PosixTzRule.Parse("CET-1CEST,M3.5.0,M10.5.0/3");

        Assert.Equal(Utc(2025, 3, 30, 1), rule.GetChanges(2025).DstStart);
        Assert.Equal(Utc(2025, 10, 26, 1), rule.GetChanges(2025).DstEnd);
    }

    [Fact]
    public void Years_up_to_1970_count_from_1970_like_glibc()
    {
        var rule = PosixTzRule.Parse("EST5EDT,M3.2.0,M11.1.0");

        // glibc starts every year <= 1970 at 1970-01-01 but takes weekday and leap-ness from the real year:
        // the second Sunday of March 1960 is day 31 + 29 + 12 = 72 of the year, so the change lands 72 days
        // after 1970-01-01, at 02:00 EST.
        Assert.Equal(Utc(1970, 3, 14, 7), rule.GetChanges(1960).DstStart);
        Assert.False(rule.IsDaylight(Utc(1960, 7, 1)));
    }

    [Fact]
    public void Southern_rule_before_1970_is_dst_for_most_of_the_year()
    {
        // Start (October) after end (April) in the same year: DST outside [end, start). With both changes moved
        // into 1970, every instant of 1960 is before the end change, so glibc reports DST.
        var rule = PosixTzRule.Parse("AEST-10AEDT,M10.1.0,M4.1.0/3");

        Assert.True(rule.IsDaylight(Utc(1960, 7, 1)));
        Assert.False(rule.IsDaylight(Utc(2025, 7, 1)));
    }

    [Fact]
    public void Dst_name_without_rules_uses_the_us_default_rules()
    {
        var rule = PosixTzRule.Parse("EST5EDT");

        Assert.Equal(new PosixTzChangeRule(PosixTzDateKind.MonthWeekDay, 3, 2, 0, 7200, -18000), rule.DstStart);
        Assert.Equal(new PosixTzChangeRule(PosixTzDateKind.MonthWeekDay, 11, 1, 0, 7200, -14400), rule.DstEnd);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AB5")]
    [InlineData("5")]
    [InlineData("<AB>5")]
    public void Unparsable_names_give_unnamed_utc(string text)
    {
        var rule = PosixTzRule.Parse(text);

        Assert.Equal(new ZoneOffsetInfo(0, false, string.Empty), rule.GetOffsetInfo(Utc(2025, 7, 1)));
    }

    [Fact]
    public void Offset_hours_are_clamped_to_24_and_minutes_to_59()
    {
        var rule = PosixTzRule.Parse("ABC-99:99:99");

        Assert.Equal((24 * 3600) + (59 * 60) + 59, rule.StandardOffsetSeconds);
    }

    [Fact]
    public void Broken_dst_name_keeps_glibc_partial_state()
    {
        // "ED" is too short for a name: the DST rule keeps offset 0 and the empty name, and both change rules
        // stay "day 0, 00:00", which puts most of each year in that bogus DST.
        var rule = PosixTzRule.Parse("EST5ED");

        Assert.Equal(new ZoneOffsetInfo(0, true, string.Empty), rule.GetOffsetInfo(Utc(2025, 7, 1)));
        Assert.Equal(new ZoneOffsetInfo(-18000, false, "EST"), rule.GetOffsetInfo(Utc(2025, 1, 1, 1)));
    }

    [Fact]
    public void Parse_never_throws_on_garbage()
    {
        var random = new Random(7);
        const string Alphabet = "ABCJM<>+-:/.,0123456789 \0";
        for (int i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 30)];
            for (int j = 0; j < chars.Length; j++)
            {
                chars[j] = Alphabet[random.Next(Alphabet.Length)];
            }

            var rule = PosixTzRule.Parse(new string(chars));
            _ = rule.GetOffsetInfo(random.NextInt64(-62135596800, 253402300799));
        }
    }
}
