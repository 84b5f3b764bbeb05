using NodaTime;
using NodaTime.TimeZones;

namespace UdpSuite.Time.Zones;

/// <summary>
/// A NodaTime zone backed by a host TZif file, answering exactly what glibc 2.36's <c>localtime</c> answers
/// (<c>__tzfile_compute</c>): before the first transition (or with none) the first non-DST type; from the last
/// transition on, the footer's POSIX rule (or the last type when there is no footer); in between, the type of the
/// last transition at or before the instant. Immutable apart from a thread-safe cache; share one per zone.
/// </summary>
public sealed class TzifZone : DateTimeZone, UdpSuite.Time.Strftime.IZoneOffsetSource
{
    private const int MaxNodaOffsetSeconds = 18 * 3600;
    private const int CacheFirstYear = 1900;
    private const int CacheYearCount = 700;

    private readonly long[] _transitions;
    private readonly byte[] _transitionTypes;
    private readonly ZoneOffsetInfo[] _typeInfos;
    private readonly int[] _standardOffsetBefore;
    private readonly int _initialType;
    private readonly YearChanges?[]? _footerCache;

    private TzifZone(string id, TzifData data, PosixTzRule? footerRule, Offset minOffset, Offset maxOffset)
        : base(id, data.TransitionsArray.Length == 0, minOffset, maxOffset)
    {
        Data = data;
        _transitions = data.TransitionsArray;
        _transitionTypes = data.TransitionTypesArray;
        _typeInfos = Array.ConvertAll(data.TypesArray, t => new ZoneOffsetInfo(t.UtcOffsetSeconds, t.IsDst, t.Abbreviation));
        _initialType = FindInitialType(data.TypesArray);
        _standardOffsetBefore = ComputeStandardOffsetsBefore();
        FooterRule = footerRule;
        _footerCache = footerRule is { NeverDaylight: false } ? new YearChanges?[CacheYearCount] : null;
    }

    /// <summary>The parsed file this zone evaluates.</summary>
    public TzifData Data { get; }

    /// <summary>
    /// The footer rule used from the last transition on, or null when the file has none or has no transitions
    /// (glibc ignores the footer of a file without transitions).
    /// </summary>
    public PosixTzRule? FooterRule { get; }

    /// <summary>
    /// Creates the zone <paramref name="id"/> from parsed TZif data.
    /// </summary>
    /// <exception cref="ArgumentException">An offset the zone can report lies outside NodaTime's ±18 h range.</exception>
    public static TzifZone Create(string id, TzifData data)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(data);

        // glibc only consults the footer when there is a last transition to be at or after.
        var footerRule = data.Footer is not null && data.TransitionsArray.Length > 0 ? PosixTzRule.Parse(data.Footer) : null;
        // Without transitions only the initial type is ever reported, so only it bounds the zone's offsets.
        List<long> offsets = data.TransitionsArray.Length == 0
            ? [data.TypesArray[FindInitialType(data.TypesArray)].UtcOffsetSeconds]
            : data.TypesArray.Select(t => (long)t.UtcOffsetSeconds).ToList();
        if (footerRule is not null)
        {
            offsets.Add(footerRule.DstStart.OffsetSeconds);
            if (!footerRule.NeverDaylight)
            {
                offsets.Add(footerRule.DstEnd.OffsetSeconds);
            }
        }

        long min = offsets.Min();
        long max = offsets.Max();
        if (min < -MaxNodaOffsetSeconds || max > MaxNodaOffsetSeconds)
        {
            throw new ArgumentException($"zone '{id}' uses an offset outside ±18 h ({min} s .. {max} s), which NodaTime cannot represent", nameof(data));
        }

        return new TzifZone(id, data, footerRule, Offset.FromSeconds((int)min), Offset.FromSeconds((int)max));
    }

    /// <summary>
    /// The hot-path lookup: <c>tm_gmtoff</c>, <c>tm_isdst</c> and <c>tm_zone</c> exactly as glibc's
    /// <c>localtime</c> reports them for the Unix second <paramref name="epochSeconds"/>. Allocation-free
    /// (footer-rule changes are cached per UTC year) and safe to call from many threads at once.
    /// </summary>
    public ZoneOffsetInfo GetOffsetInfo(long epochSeconds)
    {
        var transitions = _transitions;
        int n = transitions.Length;
        if (n == 0 || epochSeconds < transitions[0])
        {
            return _typeInfos[_initialType];
        }

        if (epochSeconds >= transitions[n - 1])
        {
            return GetLastRegionInfo(epochSeconds);
        }

        return _typeInfos[_transitionTypes[IndexOfLastTransitionAtOrBefore(epochSeconds)]];
    }

    /// <inheritdoc />
    /// <remarks>
    /// Name, offset and DST-ness equal <see cref="GetOffsetInfo"/>. Savings are non-zero exactly when glibc's
    /// <c>tm_isdst</c> is 1 (the wall offset minus the preceding standard offset, or 1 h if that is zero). Start
    /// and End are exact transitions in the transition region; in the footer region they are the neighbouring
    /// rule changes (or UTC year starts where glibc switches years), so Start &lt;= instant &lt; End always holds.
    /// </remarks>
    public override ZoneInterval GetZoneInterval(Instant instant)
    {
        long t = instant.ToUnixTimeSeconds();
        var transitions = _transitions;
        int n = transitions.Length;
        if (n == 0 || t < transitions[0])
        {
            var initial = _typeInfos[_initialType];
            long? end = n == 0 ? null : transitions[0];
            return MakeInterval(initial, null, end, SavingsFor(initial, initial.UtcOffsetSeconds));
        }

        if (t >= transitions[n - 1])
        {
            return GetLastRegionInterval(t);
        }

        int i = IndexOfLastTransitionAtOrBefore(t);
        var info = _typeInfos[_transitionTypes[i]];
        return MakeInterval(info, transitions[i], transitions[i + 1], SavingsFor(info, _standardOffsetBefore[i]));
    }

    private ZoneOffsetInfo GetLastRegionInfo(long epochSeconds)
    {
        var rule = FooterRule;
        if (rule is null)
        {
            return _typeInfos[_transitionTypes[^1]];
        }

        if (rule.NeverDaylight)
        {
            return rule.OffsetInfoFor(false);
        }

        long year = CivilCalendar.YearOf(epochSeconds);
        if (!FitsTmYear(year))
        {
            // glibc's __offtime fails for such years and it falls back to the last transition's type.
            return _typeInfos[_transitionTypes[^1]];
        }

        return rule.OffsetInfoFor(PosixTzRule.IsDaylightGiven(epochSeconds, GetChanges(rule, (int)year)));
    }

    private ZoneInterval GetLastRegionInterval(long t)
    {
        long last = _transitions[^1];
        var rule = FooterRule;
        if (rule is null)
        {
            var info = _typeInfos[_transitionTypes[^1]];
            return MakeInterval(info, last, null, SavingsFor(info, _standardOffsetBefore[^1]));
        }

        if (rule.NeverDaylight)
        {
            return MakeInterval(rule.OffsetInfoFor(false), last, null, 0);
        }

        bool daylight = PosixTzRule.IsDaylightGiven(t, GetChanges(rule, (int)CivilCalendar.YearOf(t)));
        var (start, end) = FooterBounds(rule, t, daylight);
        int savings = daylight ? rule.DaylightOffsetSeconds - rule.StandardOffsetSeconds : 0;
        var result = rule.OffsetInfoFor(daylight);
        return MakeInterval(result, Math.Max(start, last), end, daylight ? NonZeroSavings(result.UtcOffsetSeconds, savings) : 0);
    }

    /// <summary>
    /// The run of instants around <paramref name="t"/> with the same DST state. glibc decides per UTC year, so
    /// the state can only change at that year's two rule changes or at a year boundary; runs are followed across
    /// at most three year boundaries on each side, which covers every rule that changes at least once a year.
    /// </summary>
    private (long Start, long End) FooterBounds(PosixTzRule rule, long t, bool daylight)
    {
        int year = (int)CivilCalendar.YearOf(t);
        var (start, end) = BoundsWithinYear(rule, t, year);

        int y = year;
        for (int guard = 0; guard < 3 && start == CivilCalendar.StartOfYear(y) && start > _transitions[^1]; guard++)
        {
            long before = start - 1;
            if (PosixTzRule.IsDaylightGiven(before, GetChanges(rule, y - 1)) != daylight)
            {
                break;
            }

            y--;
            start = BoundsWithinYear(rule, before, y).Start;
        }

        y = year;
        for (int guard = 0; guard < 3 && end == CivilCalendar.StartOfYear(y + 1L); guard++)
        {
            if (PosixTzRule.IsDaylightGiven(end, GetChanges(rule, y + 1)) != daylight)
            {
                break;
            }

            y++;
            end = BoundsWithinYear(rule, end, y).End;
        }

        return (start, end);
    }

    private (long Start, long End) BoundsWithinYear(PosixTzRule rule, long t, int year)
    {
        long start = CivilCalendar.StartOfYear(year);
        long end = CivilCalendar.StartOfYear(year + 1L);
        var (dstStart, dstEnd) = GetChanges(rule, year);
        foreach (long change in (ReadOnlySpan<long>)[dstStart, dstEnd])
        {
            if (change <= t && change > start)
            {
                start = change;
            }
            else if (change > t && change < end)
            {
                end = change;
            }
        }

        return (start, end);
    }

    private (long DstStart, long DstEnd) GetChanges(PosixTzRule rule, int year)
    {
        var cache = _footerCache;
        int index = year - CacheFirstYear;
        if (cache is null || (uint)index >= CacheYearCount)
        {
            return rule.GetChanges(year);
        }

        // Entries are immutable objects published by a single reference write, so readers on other threads
        // see either null (and compute it themselves) or a complete entry; no lock is needed.
        var entry = Volatile.Read(ref cache[index]);
        if (entry is null)
        {
            var (dstStart, dstEnd) = rule.GetChanges(year);
            entry = new YearChanges(dstStart, dstEnd);
            Volatile.Write(ref cache[index], entry);
        }

        return (entry.DstStart, entry.DstEnd);
    }

    private int IndexOfLastTransitionAtOrBefore(long t)
    {
        // Caller guarantees transitions[0] <= t < transitions[^1].
        int index = Array.BinarySearch(_transitions, t);
        return index >= 0 ? index : ~index - 1;
    }

    private int[] ComputeStandardOffsetsBefore()
    {
        // For each transition, the standard (non-DST) offset in force just before it: what a DST type's
        // savings are measured against.
        var result = new int[_transitions.Length];
        int standard = _typeInfos[_initialType].UtcOffsetSeconds;
        for (int i = 0; i < _transitions.Length; i++)
        {
            result[i] = standard;
            var info = _typeInfos[_transitionTypes[i]];
            if (!info.IsDst)
            {
                standard = info.UtcOffsetSeconds;
            }
        }

        return result;
    }

    private static int FindInitialType(TzifLocalTimeType[] types)
    {
        for (int i = 0; i < types.Length; i++)
        {
            if (!types[i].IsDst)
            {
                return i;
            }
        }

        return 0;
    }

    private static bool FitsTmYear(long year) => year - 1900 is >= int.MinValue and <= int.MaxValue;

    private static int SavingsFor(ZoneOffsetInfo info, int standardOffsetSeconds) =>
        info.IsDst ? NonZeroSavings(info.UtcOffsetSeconds, info.UtcOffsetSeconds - standardOffsetSeconds) : 0;

    /// <summary>
    /// NodaTime derives "is DST" from non-zero savings, so a DST type always gets some; the result also keeps
    /// the implied standard offset within NodaTime's range.
    /// </summary>
    private static int NonZeroSavings(int wall, int savings)
    {
        if (savings != 0 && Math.Abs(savings) <= MaxNodaOffsetSeconds && Math.Abs(wall - savings) <= MaxNodaOffsetSeconds)
        {
            return savings;
        }

        return wall - 3600 >= -MaxNodaOffsetSeconds ? 3600 : -3600;
    }

    private static ZoneInterval MakeInterval(ZoneOffsetInfo info, long? start, long? end, int savingsSeconds) =>
        new(info.Abbreviation, ToInstant(start), ToInstant(end), Offset.FromSeconds(info.UtcOffsetSeconds), Offset.FromSeconds(savingsSeconds));

    private static Instant? ToInstant(long? seconds)
    {
        // Bounds beyond NodaTime's instant range mean "unbounded" to NodaTime.
        if (seconds is not long s || s <= MinInstantSeconds || s > MaxInstantSeconds)
        {
            return null;
        }

        return Instant.FromUnixTimeSeconds(s);
    }

    private static readonly long MinInstantSeconds = Instant.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxInstantSeconds = Instant.MaxValue.ToUnixTimeSeconds();

    private sealed record YearChanges(long DstStart, long DstEnd);
}
