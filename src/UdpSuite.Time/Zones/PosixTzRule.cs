namespace UdpSuite.Time.Zones;

/// <summary>
/// A POSIX TZ string (such as <c>EST5EDT,M3.2.0,M11.1.0</c>) parsed and evaluated exactly like glibc 2.36
/// (<c>__tzset_parse_tz</c> and <c>__tz_compute</c>). Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Offsets are east-positive (the string's west-positive numbers are negated). <see cref="DstStart"/> is glibc's
/// <c>tz_rules[0]</c> (the change into DST, carrying the standard offset) and <see cref="DstEnd"/> is
/// <c>tz_rules[1]</c> (the change back, carrying the DST offset). The only deliberate difference from glibc: a DST
/// name without rules (<c>EST5EDT</c>) does not consult the "posixrules" file; the built-in US rules apply, as in
/// glibc when that file is missing.
/// </remarks>
public sealed class PosixTzRule
{
    internal PosixTzRule(string standardName, string daylightName, bool hasDaylightPart, PosixTzChangeRule dstStart, PosixTzChangeRule dstEnd)
    {
        StandardName = standardName;
        DaylightName = daylightName;
        HasDaylightPart = hasDaylightPart;
        DstStart = dstStart;
        DstEnd = dstEnd;
        _standardInfo = new ZoneOffsetInfo((int)dstStart.OffsetSeconds, false, standardName);
        _daylightInfo = new ZoneOffsetInfo((int)dstEnd.OffsetSeconds, true, daylightName);

        // Identical change rules give identical change instants in every year, and glibc's test
        // "t >= change0 && t < change1" is then never true.
        NeverDaylight = dstStart == dstEnd;
    }

    private readonly ZoneOffsetInfo _standardInfo;
    private readonly ZoneOffsetInfo _daylightInfo;

    /// <summary>Abbreviation reported outside DST (<c>tzname[0]</c>); empty when the string had none.</summary>
    public string StandardName { get; }

    /// <summary>Abbreviation reported during DST (<c>tzname[1]</c>); equals <see cref="StandardName"/> when there is no DST part.</summary>
    public string DaylightName { get; }

    /// <summary>True when a DST name was parsed.</summary>
    public bool HasDaylightPart { get; }

    /// <summary>True when <see cref="IsDaylight"/> is false for every instant.</summary>
    public bool NeverDaylight { get; }

    /// <summary>East-positive standard offset in seconds.</summary>
    public int StandardOffsetSeconds => (int)DstStart.OffsetSeconds;

    /// <summary>East-positive DST offset in seconds (standard + 1 h when the string gave none).</summary>
    public int DaylightOffsetSeconds => (int)DstEnd.OffsetSeconds;

    /// <summary>The change into DST (glibc's <c>tz_rules[0]</c>).</summary>
    public PosixTzChangeRule DstStart { get; }

    /// <summary>The change out of DST (glibc's <c>tz_rules[1]</c>).</summary>
    public PosixTzChangeRule DstEnd { get; }

    /// <summary>
    /// Parses <paramref name="text"/> with glibc's leniency: it never fails; whatever glibc would have filled in
    /// before stopping is what gets evaluated (an unparsable string is unnamed UTC).
    /// </summary>
    public static PosixTzRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PosixTzParser.Parse(text);
    }

    /// <summary>The Unix seconds of the two changes in <paramref name="utcYear"/> (glibc's <c>compute_change</c>).</summary>
    public (long DstStart, long DstEnd) GetChanges(int utcYear) => (DstStart.ComputeChange(utcYear), DstEnd.ComputeChange(utcYear));

    /// <summary>
    /// glibc's DST decision for <paramref name="epochSeconds"/>, using the changes of its UTC year. When the start
    /// change falls after the end change (southern hemisphere), DST is in force outside the interval between them.
    /// </summary>
    public bool IsDaylight(long epochSeconds)
    {
        if (NeverDaylight)
        {
            return false;
        }

        long year = CivilCalendar.YearOf(epochSeconds);
        return IsDaylightGiven(epochSeconds, GetChanges(unchecked((int)year)));
    }

    /// <summary>The offset, DST flag and abbreviation glibc reports for <paramref name="epochSeconds"/>; never allocates.</summary>
    public ZoneOffsetInfo GetOffsetInfo(long epochSeconds) => IsDaylight(epochSeconds) ? _daylightInfo : _standardInfo;

    /// <summary>The offset information for DST (<paramref name="daylight"/> true) or standard time.</summary>
    public ZoneOffsetInfo OffsetInfoFor(bool daylight) => daylight ? _daylightInfo : _standardInfo;

    /// <summary>glibc's <c>__tz_compute</c> comparison for already computed changes.</summary>
    internal static bool IsDaylightGiven(long epochSeconds, (long DstStart, long DstEnd) changes) =>
        changes.DstStart > changes.DstEnd
            ? epochSeconds < changes.DstEnd || epochSeconds >= changes.DstStart
            : epochSeconds >= changes.DstStart && epochSeconds < changes.DstEnd;
}
