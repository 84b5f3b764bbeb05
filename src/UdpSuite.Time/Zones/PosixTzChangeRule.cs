namespace UdpSuite.Time.Zones;

/// <summary>
/// One change of a POSIX TZ string (glibc's <c>tz_rule</c>): when in a year the zone switches to the offset
/// <see cref="OffsetSeconds"/>. The fields keep whatever glibc's parser left in them, including values of a
/// partially parsed (malformed) rule, because glibc evaluates those too.
/// </summary>
/// <param name="Kind">The date form.</param>
/// <param name="Month">Month for <see cref="PosixTzDateKind.MonthWeekDay"/>.</param>
/// <param name="Week">Week (1..5) for <see cref="PosixTzDateKind.MonthWeekDay"/>.</param>
/// <param name="Day">Day of week for M rules, else the day number.</param>
/// <param name="TimeSeconds">Local time of day of the change, possibly negative or beyond 24 h.</param>
/// <param name="OffsetSeconds">East-positive offset in force before this change (glibc subtracts it to get UTC).</param>
public readonly record struct PosixTzChangeRule(PosixTzDateKind Kind, int Month, int Week, int Day, int TimeSeconds, long OffsetSeconds)
{
    private const long SecondsPerDay = 86400;

    // glibc's __mon_yday[2][13] laid out contiguously (non-leap row, then leap row), because a malformed M rule
    // with month 0 or 13 makes glibc read across the row boundary and we reproduce those reads.
    private static readonly int[] CumulativeDays =
    [
        0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365,
        0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366,
    ];

    /// <summary>
    /// The Unix second at which this change happens in <paramref name="year"/>, computed exactly as glibc 2.36's
    /// <c>compute_change</c>, including its quirk that every year up to 1970 starts counting from 1970-01-01.
    /// </summary>
    public long ComputeChange(int year)
    {
        long t;
        if (year > 1970)
        {
            // int arithmetic as in C (wraps only for years beyond any time_t that localtime accepts).
            int days = unchecked(((year - 1970) * 365)
                + (((year - 1) / 4) - (1970 / 4))
                - (((year - 1) / 100) - (1970 / 100))
                + (((year - 1) / 400) - (1970 / 400)));
            t = days * SecondsPerDay;
        }
        else
        {
            t = 0;
        }

        bool leap = IsLeap(year);
        switch (Kind)
        {
            case PosixTzDateKind.JulianDay:
                t += (Day - 1) * SecondsPerDay;
                if (Day >= 60 && leap)
                {
                    t += SecondsPerDay;
                }

                break;
            case PosixTzDateKind.ZeroBasedDay:
                t += Day * SecondsPerDay;
                break;
            default:
                t += MonthWeekDayOffset(year, leap) * SecondsPerDay;
                break;
        }

        return t - OffsetSeconds + TimeSeconds;
    }

    private int MonthWeekDayOffset(int year, bool leap)
    {
        int row = leap ? 13 : 0;
        int daysBefore = TableEntry(row + Month - 1);
        int monthLength = TableEntry(row + Month) - daysBefore;

        // Zeller's congruence for the weekday of the first of the month, with C's truncating division.
        int m1 = ((Month + 9) % 12) + 1;
        int yy0 = Month <= 2 ? year - 1 : year;
        int yy1 = yy0 / 100;
        int yy2 = yy0 % 100;
        int dow = (((26 * m1) - 2) / 10 + 1 + yy2 + (yy2 / 4) + (yy1 / 4) - (2 * yy1)) % 7;
        if (dow < 0)
        {
            dow += 7;
        }

        int d = Day - dow;
        if (d < 0)
        {
            d += 7;
        }

        // "Week 5" (or any week past the month's end) stops at the last matching weekday.
        for (int i = 1; i < Week; i++)
        {
            if (d + 7 >= monthLength)
            {
                break;
            }

            d += 7;
        }

        return daysBefore + d;
    }

    /// <summary>
    /// An entry of the flattened table. Months 1..12 always stay inside; only a malformed month can leave the
    /// table, where glibc reads unrelated memory and we use 0 to stay deterministic.
    /// </summary>
    private static int TableEntry(int index) => (uint)index < (uint)CumulativeDays.Length ? CumulativeDays[index] : 0;

    private static bool IsLeap(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}
