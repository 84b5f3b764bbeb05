namespace UdpSuite.Time;

/// <summary>
/// Proleptic Gregorian arithmetic on plain integers, valid far beyond NodaTime's year range
/// (a UTC instant in 9999 can be year 10000 in a zone east of Greenwich, and glibc formats it).
/// </summary>
internal static class CivilCalendar
{
    public const long SecondsPerDay = 86_400;

    /// <summary>Splits days since 1970-01-01 into year, month (1-12) and day (1-31). Howard Hinnant's civil_from_days.</summary>
    public static (long Year, int Month, int Day) FromDays(long days)
    {
        long z = days + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long dayOfEra = z - (era * 146_097);
        long yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        long dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        long mp = ((5 * dayOfYear) + 2) / 153;
        int day = (int)(dayOfYear - (((153 * mp) + 2) / 5) + 1);
        int month = (int)(mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + (era * 400) + (month <= 2 ? 1 : 0);
        return (year, month, day);
    }

    /// <summary>Days since 1970-01-01 of a civil date. Howard Hinnant's days_from_civil.</summary>
    public static long ToDays(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        long era = (year >= 0 ? year : year - 399) / 400;
        long yearOfEra = year - (era * 400);
        long dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        long dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097) + dayOfEra - 719_468;
    }

    /// <summary>The UTC year containing <paramref name="epochSeconds"/> (what glibc's <c>__offtime(t, 0)</c> yields).</summary>
    public static long YearOf(long epochSeconds) => FromDays(FloorDiv(epochSeconds, SecondsPerDay)).Year;

    /// <summary>Unix seconds of January 1, 00:00:00 UTC of <paramref name="year"/>.</summary>
    public static long StartOfYear(long year) => ToDays(year, 1, 1) * SecondsPerDay;

    public static bool IsLeapYear(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    /// <summary>Floor division, since C# division truncates toward zero.</summary>
    public static long FloorDiv(long a, long b) => a / b - (((a % b) != 0 && ((a < 0) ^ (b < 0))) ? 1 : 0);
}
