using System.Text;
using System.Text.Json;
using NodaTime;
using UdpSuite.Time.Strftime;
using Xunit.Abstractions;

namespace UdpSuite.Time.Tests.Strftime;

/// <summary>
/// Generated formats x instants x zones, formatted by our engine and by glibc (python3 time.strftime with the
/// same TZ on this machine). The broken-down time given to our engine is built from the offset, DST flag and
/// abbreviation glibc reports, so this suite isolates the formatter; the zone suites check those three.
/// </summary>
public sealed class StrftimeDifferentialTests(ITestOutputHelper output)
{
    private const long FirstSecond = -62_135_596_800; // 0001-01-01T00:00:00Z
    private const long LastSecond = 253_402_300_799 - (2 * 86_400); // two days before 9999-12-31T23:59:59Z

    internal static readonly string[] Zones =
    [
        "UTC", "Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata",
        "America/St_Johns", "Pacific/Chatham", "Europe/Dublin", "America/Nuuk", "Asia/Kathmandu", "Pacific/Kiritimati",
        "America/Sao_Paulo", "Africa/Casablanca", "Antarctica/Troll", "Pacific/Apia", "America/Los_Angeles",
        "Europe/Moscow", "Asia/Tokyo", "Australia/Adelaide", "America/Caracas", "Etc/GMT+12", "Asia/Tehran",
        "Pacific/Marquesas", "America/Santiago", "Europe/Amsterdam",
    ];

    private const string KnownConversions = "aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%f";
    private const string UnknownConversions = "EOqJKLNoQvi+:!{}é你ß";
    private static readonly string[] Literals =
        ["abc", " ", "你好", "狗哥alex", "😀", "-", ":", "\n", "é", "ß", "T", "瞎驴 ", "x%%y", "Ω", "\t", "100%"];

    [Fact]
    public void Every_conversion_flag_width_and_modifier_matches_glibc()
    {
        var random = new Random(20261124);
        var formats = new List<string>();
        foreach (char conversion in KnownConversions + UnknownConversions)
        {
            foreach (string modifier in new[] { "", "E", "O" })
            {
                foreach (string flag in new[] { "", "_", "-", "0", "^", "#", "^#", "-0" })
                {
                    foreach (string width in new[] { "", "1", "5", "12" })
                    {
                        formats.Add($"%{flag}{width}{modifier}{conversion}");
                    }
                }
            }
        }

        formats.AddRange(["%", "%_", "%5", "%E", "%^E", "%-3O", "abc%", "%%", "%%%", "%E%", "%5%", "%05%", ""]);
        AssertMatchesGlibc(formats.SelectMany(f => Enumerable.Range(0, 3).Select(_ => (f, RandomInstant(random), RandomZone(random)))));
    }

    [Fact]
    public void Thousands_of_random_formats_match_glibc_across_years_zones_and_dst_edges()
    {
        var random = new Random(868);
        var cases = new List<(string, long, string)>();
        for (int k = 0; k < 6000; k++)
        {
            cases.Add((RandomFormat(random), RandomInstant(random), RandomZone(random)));
        }

        foreach (string zone in Zones)
        {
            foreach (long edge in DstEdges(zone, random))
            {
                cases.Add((RandomFormat(random), edge, zone));
            }
        }

        AssertMatchesGlibc(cases);
    }

    [Fact]
    public void Common_formats_match_glibc_in_every_zone_at_every_edge()
    {
        string[] common = ["%Y-%m-%d %X", "%c", "%x %X %Z %z", "%G-W%V-%u %g %j %U %W %w", "%s", "%a %A %b %B %h %p %P %r", "%D %F %R %T %e %k %l %I %C %y", "%f"];
        var random = new Random(37);
        var cases = new List<(string, long, string)>();
        foreach (string zone in Zones)
        {
            foreach (long instant in DstEdges(zone, random).Concat(Enumerable.Range(0, 40).Select(_ => RandomInstant(random))))
            {
                cases.AddRange(common.Select(f => (f, instant, zone)));
            }
        }

        AssertMatchesGlibc(cases);
    }

    [Fact]
    public void End_to_end_with_the_host_zoneinfo_matches_glibc()
    {
        // Here the zone offset, DST flag and abbreviation come from our TZif reader, not from python: the whole
        // path the server takes (instant -> host zone -> broken-down time -> format) against glibc.
        var random = new Random(9000);
        var cases = new List<(string, long, string)>();
        string[] formats = ["%c %Z %z", "%F %T %Z %s", "%G-W%V-%u %j %a %b %e", "%r %P %l %k %y %C", "%x %X %#Z %^a"];
        foreach (string zone in Zones)
        {
            foreach (long instant in DstEdges(zone, random).Concat(Enumerable.Range(0, 60).Select(_ => RandomInstant(random))))
            {
                cases.Add((formats[random.Next(formats.Length)], instant, zone));
            }
        }

        for (int k = 0; k < 2000; k++)
        {
            cases.Add((RandomFormat(random), RandomInstant(random), RandomZone(random)));
        }

        AssertMatchesGlibc(cases, hostZones: true);
    }

    private static readonly NodaTime.IDateTimeZoneProvider HostZones = UdpSuite.TimeZones.TimeZoneProviders.CreateHost();

    private void AssertMatchesGlibc(IEnumerable<(string Format, long Seconds, string Zone)> input, bool hostZones = false)
    {
        var cases = input.Select((c, id) => (Id: id, c.Format, c.Seconds, Micro: (int)((ulong)(c.Seconds * 7919) % 1_000_000), c.Zone))
            .OrderBy(c => c.Zone, StringComparer.Ordinal).ToList();
        var oracle = PythonOracle.Run(
            Path.Combine("Strftime", "strftime_oracle.py"),
            cases.Select(c => (object)new { id = c.Id, tz = c.Zone, t = c.Seconds, us = c.Micro, fmt = c.Format }),
            TimeSpan.FromMinutes(2));
        Assert.Equal(cases.Count, oracle.Count);

        var differences = new List<string>();
        int mktimeAmbiguities = 0;
        var compiled = new Dictionary<string, StrftimeFormat>();
        for (int k = 0; k < cases.Count; k++)
        {
            var c = cases[k];
            JsonElement expected = oracle[k];
            Assert.Equal(c.Id, expected.GetProperty("id").GetInt32());
            Assert.False(expected.TryGetProperty("err", out JsonElement error), $"python failed on {Show(c.Format)}: {error}");
            // %s: we print the instant itself; glibc's mktime may name the other instant of a same-isdst overlap.
            // Where it did, format with glibc's second so everything else is still compared byte for byte.
            bool ambiguous = expected.GetProperty("ambiguous").GetBoolean();
            var time = hostZones
                ? BrokenDownTime.From(Instant.FromUnixTimeSeconds(c.Seconds) + Duration.FromTicks(c.Micro * 10L), HostZones[c.Zone])
                : BrokenDownTime.FromEpoch(
                    c.Seconds, c.Micro, expected.GetProperty("off").GetInt32(), expected.GetProperty("dst").GetInt32() > 0, expected.GetProperty("zone").GetString()!);
            if (ambiguous)
            {
                time = time with { EpochSeconds = expected.GetProperty("mktime").GetInt64() };
            }

            if (!compiled.TryGetValue(c.Format, out StrftimeFormat? format))
            {
                format = StrftimeFormat.Compile(c.Format);
                compiled[c.Format] = format;
            }

            string actual = format.Format(in time);
            if (ambiguous && c.Format.Contains('s'))
            {
                mktimeAmbiguities++;
            }

            string glibc = expected.GetProperty("out").GetString()!;
            if (actual != glibc)
            {
                differences.Add($"{Show(c.Format)} at {c.Seconds} in {c.Zone}: ours {Show(actual)} glibc {Show(glibc)}");
            }
        }

        output.WriteLine($"{cases.Count} cases, {compiled.Count} distinct formats, 0 differences expected; {mktimeAmbiguities} %s mktime ambiguities");
        Assert.True(mktimeAmbiguities < cases.Count / 100, $"{mktimeAmbiguities} mktime ambiguities is more than the overlaps can explain");
        Assert.True(differences.Count == 0, $"{differences.Count} of {cases.Count} differ:\n" + string.Join("\n", differences.Take(25)));
    }

    private static string Show(string s) => JsonSerializer.Serialize(s);

    internal static long RandomInstant(Random random) => random.NextInt64(FirstSecond, LastSecond);

    internal static string RandomZone(Random random) => Zones[random.Next(Zones.Length)];

    private static string RandomFormat(Random random)
    {
        var builder = new StringBuilder();
        int tokens = random.Next(1, 7);
        for (int t = 0; t < tokens; t++)
        {
            if (random.NextDouble() < 0.3)
            {
                builder.Append(Literals[random.Next(Literals.Length)]);
                continue;
            }

            builder.Append('%');
            int flags = random.NextDouble() < 0.35 ? random.Next(1, 4) : 0;
            for (int f = 0; f < flags; f++)
            {
                builder.Append("_-0^#"[random.Next(5)]);
            }

            if (random.NextDouble() < 0.3)
            {
                builder.Append(random.NextDouble() < 0.1 ? random.Next(100, 300) : random.Next(0, 40));
            }

            if (random.NextDouble() < 0.15)
            {
                builder.Append(random.Next(2) == 0 ? 'E' : 'O');
            }

            if (t == tokens - 1 && random.NextDouble() < 0.05)
            {
                break; // a spec cut off by the end of the format
            }

            string pool = random.NextDouble() < 0.85 ? KnownConversions : UnknownConversions;
            builder.Append(pool[random.Next(pool.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>Instants next to this zone's transitions (DST gaps and overlaps, LMT switches), from NodaTime's tzdb.</summary>
    internal static IEnumerable<long> DstEdges(string zone, Random random)
    {
        DateTimeZone? tz = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone);
        if (tz is null)
        {
            yield break;
        }

        var intervals = tz.GetZoneIntervals(Instant.FromUtc(1850, 1, 1, 0, 0), Instant.FromUtc(2045, 1, 1, 0, 0)).ToList();
        foreach (var interval in intervals.Where(_ => random.NextDouble() < 0.25))
        {
            if (!interval.HasStart)
            {
                continue;
            }

            long start = interval.Start.ToUnixTimeSeconds();
            foreach (long delta in new long[] { -3601, -1, 0, 1, 1799, 3599, 3600 })
            {
                yield return start + delta;
            }
        }
    }
}
