using System.Diagnostics;
using NodaTime;
using UdpSuite.Time.Zones;
using UdpSuite.TimeZones;
using Xunit.Abstractions;

namespace UdpSuite.Time.Tests.Zones;

/// <summary>
/// Compares <see cref="TzifZone"/> with glibc itself (through python3's time.localtime) on the host's
/// /usr/share/zoneinfo: offset, DST flag, abbreviation and broken-down local time must match exactly.
/// </summary>
public sealed class GlibcDifferentialTests(ITestOutputHelper output)
{
    private const long FirstSecondOfYear1 = -62135596800;
    private const long LastSecondOfYear9999 = 253402300799;
    private const long Start1900 = -2208988800;
    private const int UniformPerZone = 300;

    private static readonly string[] Zones =
    [
        "UTC", "Asia/Shanghai", "America/New_York", "Europe/London", "Europe/Dublin", "Australia/Lord_Howe",
        "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "America/Nuuk", "Africa/Casablanca",
        "Antarctica/Troll", "Asia/Kathmandu", "Pacific/Kiritimati", "America/Sao_Paulo",
        "America/Santiago", "Asia/Tehran", "Pacific/Apia", "Africa/Cairo", "Asia/Gaza", "America/Havana",
        "Pacific/Norfolk", "Europe/Lisbon", "America/Asuncion", "Australia/Adelaide", "Pacific/Auckland",
        "America/Los_Angeles", "Asia/Jerusalem", "Europe/Moscow", "America/Anchorage", "Asia/Manila",
        "Etc/GMT+12", "EST5EDT", "Factory",
    ];

    [Fact]
    public void TzifZone_matches_glibc_localtime_for_sampled_instants()
    {
        var stopwatch = Stopwatch.StartNew();
        var source = new HostTzdbSource(HostTzdbSource.DefaultZoneInfoDirectory);
        var random = new Random(20250601);
        var queries = new List<(string Zone, long Seconds)>();
        var zones = new Dictionary<string, TzifZone>();
        int transitionQueries = 0, footerQueries = 0;
        foreach (var id in Zones)
        {
            Assert.True(source.Contains(id), $"zone {id} is missing from {HostTzdbSource.DefaultZoneInfoDirectory}");
            var zone = (TzifZone)source.ForId(id);
            zones[id] = zone;
            var instants = new SortedSet<long>();
            for (int i = 0; i < UniformPerZone; i++)
            {
                instants.Add(random.NextInt64(FirstSecondOfYear1, LastSecondOfYear9999 - 86400));
            }

            int before = instants.Count;
            foreach (long transition in zone.Data.Transitions.Where(t => t >= Start1900))
            {
                AddAround(instants, transition, random);
            }

            transitionQueries += instants.Count - before;
            before = instants.Count;
            if (zone.FooterRule is { NeverDaylight: false } rule)
            {
                var years = Enumerable.Range(2037, 64).Concat(Enumerable.Range(0, 40).Select(_ => random.Next(9000, 9999)));
                foreach (int year in years)
                {
                    var (dstStart, dstEnd) = rule.GetChanges(year);
                    AddAround(instants, dstStart, random);
                    AddAround(instants, dstEnd, random);

                    // glibc recomputes the rule at each UTC new year; probe both sides.
                    long newYear = Instant.FromUtc(year, 1, 1, 0, 0).ToUnixTimeSeconds();
                    instants.Add(newYear - 1);
                    instants.Add(newYear);
                }
            }

            footerQueries += instants.Count - before;
            queries.AddRange(instants.Where(t => t >= FirstSecondOfYear1 && t <= LastSecondOfYear9999 - 86400).Select(t => (id, t)));
        }

        var expected = PythonLocaltimeOracle.Query(queries);
        var differences = new List<string>();
        for (int i = 0; i < queries.Count; i++)
        {
            var (id, t) = queries[i];
            string? difference = Compare(zones[id], t, expected[i]);
            if (difference is not null)
            {
                differences.Add($"{id} t={t}: {difference}");
            }
        }

        output.WriteLine($"{queries.Count} queries over {Zones.Length} zones ({Zones.Length * UniformPerZone} uniform, {transitionQueries} around transitions, {footerQueries} around footer-rule changes) in {stopwatch.ElapsedMilliseconds} ms");
        Assert.True(differences.Count == 0, $"{differences.Count} differences from glibc; first 20:\n" + string.Join("\n", differences.Take(20)));
    }

    private static void AddAround(SortedSet<long> instants, long t, Random random)
    {
        foreach (long delta in (ReadOnlySpan<long>)[-7200, -1, 0, 1, 7200])
        {
            instants.Add(t + delta);
        }

        instants.Add(t + random.NextInt64(-7200, 7201));
    }

    private static string? Compare(TzifZone zone, long t, GlibcLocaltime glibc)
    {
        if (glibc.Error is not null)
        {
            return "python error " + glibc.Error;
        }

        var info = zone.GetOffsetInfo(t);
        if (info.UtcOffsetSeconds != glibc.GmtOff || info.IsDst != (glibc.IsDst == 1) || info.Abbreviation != glibc.Zone)
        {
            return $"ours ({info.UtcOffsetSeconds}, dst={info.IsDst}, {info.Abbreviation}) glibc ({glibc.GmtOff}, dst={glibc.IsDst}, {glibc.Zone})";
        }

        var instant = Instant.FromUnixTimeSeconds(t);
        var interval = zone.GetZoneInterval(instant);
        if (interval.WallOffset.Seconds != glibc.GmtOff || interval.Name != glibc.Zone || (interval.Savings != Offset.Zero) != (glibc.IsDst == 1))
        {
            return $"interval ({interval.WallOffset}, savings={interval.Savings}, {interval.Name}) glibc ({glibc.GmtOff}, dst={glibc.IsDst}, {glibc.Zone})";
        }

        if ((interval.HasStart && interval.Start > instant) || (interval.HasEnd && interval.End <= instant))
        {
            return $"interval [{(interval.HasStart ? interval.Start : "-inf")}, {(interval.HasEnd ? interval.End : "+inf")}) does not contain the instant";
        }

        var local = instant.WithOffset(Offset.FromSeconds(info.UtcOffsetSeconds)).LocalDateTime;
        int[] fields = [local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second];
        return fields.SequenceEqual(glibc.Fields) ? null : $"local time {string.Join(",", fields)} vs glibc {string.Join(",", glibc.Fields)}";
    }
}
