namespace UdpSuite.Time.Zones;

/// <summary>Proleptic Gregorian UTC calendar arithmetic on Unix seconds, valid for the whole <see cref="long"/> range.</summary>
internal static class UtcCalendar
{
    private const long SecondsPerDay = 86400;

    /// <summary>The UTC year containing <paramref name="epochSeconds"/> (what glibc's <c>__offtime(t, 0)</c> yields).</summary>
    public static long YearOf(long epochSeconds)
    {
        long days = FloorDiv(epochSeconds, SecondsPerDay);

        // Days-to-civil with March-based years (H. Hinnant's algorithm), done in long so no input overflows.
        long z = days + 719468;
        long era = FloorDiv(z, 146097);
        long dayOfEra = z - (era * 146097);
        long yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        long dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        long marchMonth = ((5 * dayOfYear) + 2) / 153;
        long year = yearOfEra + (era * 400);
        return marchMonth >= 10 ? year + 1 : year;
    }

    /// <summary>Unix seconds of January 1, 00:00:00 UTC of <paramref name="year"/>.</summary>
    public static long StartOfYear(long year)
    {
        long y = year - 1; // January belongs to the previous March-based year.
        long era = FloorDiv(y, 400);
        long yearOfEra = y - (era * 400);
        const long dayOfYear = 306; // January 1 is day 306 of a March-based year.
        long dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return ((era * 146097) + dayOfEra - 719468) * SecondsPerDay;
    }

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }
}
