using NodaTime;
using UdpSuite.Time.Zones;

namespace UdpSuite.Time.Strftime;

/// <summary>
/// The fields of C's <c>struct tm</c> (plus microseconds and the epoch second) for one instant in one zone:
/// exactly what glibc's <c>strftime</c> reads. Built once per request; formatting reads no clock and no zone.
/// </summary>
public readonly record struct BrokenDownTime
{
    /// <summary>Full year (not year-1900); may be 0 or 10000 at the edges of the supported instant range.</summary>
    public int Year { get; init; }

    /// <summary>Month, 1-12.</summary>
    public int Month { get; init; }

    /// <summary>Day of month, 1-31.</summary>
    public int Day { get; init; }

    public int Hour { get; init; }

    public int Minute { get; init; }

    public int Second { get; init; }

    /// <summary>Microseconds within the second, 0-999999 (for the <c>%f</c> extension).</summary>
    public int Microsecond { get; init; }

    /// <summary>Day of week, 0 = Sunday (C's <c>tm_wday</c>).</summary>
    public int DayOfWeek { get; init; }

    /// <summary>Day of year, 0-based (C's <c>tm_yday</c>).</summary>
    public int DayOfYear { get; init; }

    /// <summary>C's <c>tm_isdst</c> &gt; 0.</summary>
    public bool IsDaylightSaving { get; init; }

    /// <summary>Seconds east of UTC (C's <c>tm_gmtoff</c>), seconds included (LMT offsets have them).</summary>
    public int UtcOffsetSeconds { get; init; }

    /// <summary>Zone abbreviation (C's <c>tm_zone</c>), e.g. <c>CST</c>, <c>LMT</c>, <c>+0545</c>.</summary>
    public string ZoneAbbreviation { get; init; }

    /// <summary>Seconds since 1970-01-01T00:00:00Z (what <c>%s</c> prints).</summary>
    public long EpochSeconds { get; init; }

    /// <summary>Builds the fields from an epoch second and the zone's answer for it.</summary>
    public static BrokenDownTime FromEpoch(long epochSeconds, int microsecond, int utcOffsetSeconds, bool isDaylightSaving, string zoneAbbreviation)
    {
        long local = epochSeconds + utcOffsetSeconds;
        long days = CivilCalendar.FloorDiv(local, CivilCalendar.SecondsPerDay);
        int secondOfDay = (int)(local - (days * CivilCalendar.SecondsPerDay));
        (long year, int month, int day) = CivilCalendar.FromDays(days);
        long dayOfWeek = (days + 4) % 7; // 1970-01-01 was a Thursday
        if (dayOfWeek < 0)
        {
            dayOfWeek += 7;
        }

        return new BrokenDownTime
        {
            Year = (int)year,
            Month = month,
            Day = day,
            Hour = secondOfDay / 3600,
            Minute = secondOfDay / 60 % 60,
            Second = secondOfDay % 60,
            Microsecond = microsecond,
            DayOfWeek = (int)dayOfWeek,
            DayOfYear = (int)(days - CivilCalendar.ToDays(year, 1, 1)),
            IsDaylightSaving = isDaylightSaving,
            UtcOffsetSeconds = utcOffsetSeconds,
            ZoneAbbreviation = zoneAbbreviation,
            EpochSeconds = epochSeconds,
        };
    }

    /// <summary>The broken-down time of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static BrokenDownTime From(Instant instant, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        long ticks = instant.ToUnixTimeTicks();
        long seconds = CivilCalendar.FloorDiv(ticks, TimeSpan.TicksPerSecond);
        int microsecond = (int)((ticks - (seconds * TimeSpan.TicksPerSecond)) / 10);
        if (zone is IZoneOffsetSource fast)
        {
            ZoneOffsetInfo info = fast.GetOffsetInfo(seconds);
            return FromEpoch(seconds, microsecond, info.UtcOffsetSeconds, info.IsDst, info.Abbreviation);
        }

        var interval = zone.GetZoneInterval(instant);
        return FromEpoch(seconds, microsecond, interval.WallOffset.Seconds, interval.Savings != Offset.Zero, interval.Name);
    }
}
