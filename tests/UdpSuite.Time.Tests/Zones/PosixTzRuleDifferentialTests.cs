using UdpSuite.Time.Zones;
using Xunit.Abstractions;

namespace UdpSuite.Time.Tests.Zones;

/// <summary>
/// Compares <see cref="PosixTzRule"/> with glibc evaluating the same string as TZ (no file has these names, so
/// glibc parses them), including malformed strings whose partial parse glibc still evaluates.
/// </summary>
public sealed class PosixTzRuleDifferentialTests(ITestOutputHelper output)
{
    // None of these names a file under /usr/share/zoneinfo, and none has a DST name without rules (which would
    // make glibc read "posixrules").
    private static readonly string[] Strings =
    [
        "EST5EDT,M3.2.0,M11.1.0", "<+0545>-5:45", "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", "IST-1GMT0,M10.5.0,M3.5.0/1",
        "EST5EDT,0/0,J365/25", "AAA3BBB,J60/2,J300", "CET-1CEST,M3.5.0,M10.5.0/3", "NZST-12NZDT,M9.5.0,M4.1.0/3",
        "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "XXX-24:59:59YYY,M1.1.0/-167,M12.5.6/167", "FOO3BAR,M2.5.6,M3.1.0",
        "EST+5EDT+4,M3.2.0/2:30:30,M11.1.0/-1:15", "EST5EDT,100,200", "EST5EDT,J1/0,J365/24", "EST5EDT,0,365",
        "<+00>0<+02>-2,M3.5.0/1,M10.5.0/3", "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "ABC-99:99:99DEF-30,J59,J61",
        "EST5ED", "EST5EDT4,M3.2.0", "EST5EDT,M3.2.0/,M11.1.0", "EST5EDT,M3.6.0,M11.1.0",
        "EST5EDT,M3.2.7,M11.1.0", "EST5EDT,J0,J365", "EST5EDT,366,J365", "AB5", "<AB>5", "QQQ", "EST5EDT,X",
        "EST5EDT,M3.2.0,M11.1.0/-", "ABC+5:30DEF,M3.2.0", "ABC5DEF-,M3.2.0,M11.1.0", "ABC5 DEF,M3.2.0,M11.1.0",
        "ABC5DEF 4,M3.2.0,M11.1.0", "ABC5DEF,M 3.2.0,M11.1.0", "ABC5DEF,M3.-2.0,M11.1.0", "ABC5DEF,1000,J5",
        "ABC5DEF,M3.2.0/99999,M11.1.0/-99999", "ABC5DEF,M3.2.0/+3,M11.1.0",
    ];

    // Month 13 (0) makes glibc read past (before) a row of its month table; that read stays inside the table
    // only in non-leap (leap) UTC years, so only those years have a defined answer to compare with.
    private static readonly (string Text, bool LeapYears)[] TableEdgeStrings =
    [
        ("EST5EDT,M13.1.0,M11.1.0", false), ("EST5EDT,M3.2.0,M13.5.6/-5", false), ("EST5EDT,M0.1.0,M11.1.0", true),
    ];

    [Fact]
    public void PosixTzRule_matches_glibc_for_tz_strings()
    {
        var random = new Random(424242);
        var queries = new List<(string Zone, long Seconds)>();
        foreach (var text in Strings.Concat(TableEdgeStrings.Select(e => e.Text)))
        {
            int edge = Array.FindIndex(TableEdgeStrings, e => e.Text == text);
            var rule = PosixTzRule.Parse(text);
            var instants = new SortedSet<long>();
            for (int i = 0; i < 200; i++)
            {
                instants.Add(random.NextInt64(-62135596800, 253402300799 - 86400));
            }

            foreach (int year in Enumerable.Range(1965, 10).Concat(Enumerable.Range(2020, 10)).Concat(Enumerable.Range(0, 10).Select(_ => random.Next(2, 9998))))
            {
                var (dstStart, dstEnd) = rule.GetChanges(year);
                foreach (long change in (ReadOnlySpan<long>)[dstStart, dstEnd])
                {
                    instants.UnionWith([change - 3600, change - 1, change, change + 1, change + 3600]);
                }

                long newYear = NodaTime.Instant.FromUtc(year, 1, 1, 0, 0).ToUnixTimeSeconds();
                instants.UnionWith([newYear - 1, newYear]);
            }

            queries.AddRange(instants
                .Where(t => t >= -62135596800 && t <= 253402300799 - 86400)
                .Where(t => edge < 0 || DateTime.IsLeapYear(NodaTime.Instant.FromUnixTimeSeconds(t).InUtc().Year) == TableEdgeStrings[edge].LeapYears)
                .Select(t => (text, t)));
        }

        var expected = PythonLocaltimeOracle.Query(queries);
        var rules = Strings.Concat(TableEdgeStrings.Select(e => e.Text)).ToDictionary(s => s, PosixTzRule.Parse);
        var differences = new List<string>();
        for (int i = 0; i < queries.Count; i++)
        {
            var (text, t) = queries[i];
            var glibc = expected[i];
            var info = rules[text].GetOffsetInfo(t);
            if (glibc.Error is not null || info.UtcOffsetSeconds != glibc.GmtOff || info.IsDst != (glibc.IsDst == 1) || info.Abbreviation != glibc.Zone)
            {
                differences.Add($"'{text}' t={t}: ours ({info.UtcOffsetSeconds}, dst={info.IsDst}, '{info.Abbreviation}') glibc ({glibc.GmtOff}, dst={glibc.IsDst}, '{glibc.Zone}') {glibc.Error}");
            }
        }

        output.WriteLine($"{queries.Count} queries over {rules.Count} TZ strings");
        Assert.True(differences.Count == 0, $"{differences.Count} differences from glibc; first 20:\n" + string.Join("\n", differences.Take(20)));
    }
}
