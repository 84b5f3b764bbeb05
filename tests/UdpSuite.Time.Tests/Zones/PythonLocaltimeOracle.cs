using System.Text.Json;

namespace UdpSuite.Time.Tests.Zones;

/// <summary>What python3's time.localtime (i.e. glibc) reports for one (zone, instant) query.</summary>
internal sealed record GlibcLocaltime(long GmtOff, int IsDst, string Zone, int[] Fields, string? Error);

/// <summary>glibc's localtime for a batch of (zone, instant) queries, in one python3 process; sort queries by zone.</summary>
internal static class PythonLocaltimeOracle
{
    public static IReadOnlyList<GlibcLocaltime> Query(IReadOnlyList<(string Zone, long Seconds)> queries)
    {
        IReadOnlyList<JsonElement> answers = PythonOracle.Run(
            Path.Combine("Zones", "localtime_oracle.py"), queries.Select(q => (object)new { tz = q.Zone, t = q.Seconds }), TimeSpan.FromMinutes(2));
        if (answers.Count != queries.Count)
        {
            throw new InvalidOperationException($"python3 answered {answers.Count} of {queries.Count} queries");
        }

        return [.. answers.Select(Read)];
    }

    private static GlibcLocaltime Read(JsonElement root) => root.TryGetProperty("error", out JsonElement error)
        ? new GlibcLocaltime(0, 0, string.Empty, [], error.GetString())
        : new GlibcLocaltime(
            root.GetProperty("off").GetInt64(),
            root.GetProperty("dst").GetInt32(),
            root.GetProperty("zone").GetString() ?? string.Empty,
            [.. root.GetProperty("f").EnumerateArray().Select(e => e.GetInt32())],
            null);
}
