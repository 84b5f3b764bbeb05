using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace UdpSuite.Time.Tests.Zones;

/// <summary>What python3's time.localtime (i.e. glibc) reports for one (zone, instant) query.</summary>
internal sealed record GlibcLocaltime(long GmtOff, int IsDst, string Zone, int[] Fields, string? Error);

/// <summary>
/// Runs ONE python3 process for a whole batch of queries: JSON lines in ({"tz":..,"t":..}), JSON lines out in
/// the same order. The script sets TZ and calls tzset only when the zone changes, so sort queries by zone.
/// </summary>
internal static class PythonLocaltimeOracle
{
    private const string Script = """
        import sys, os, time, json
        current = None
        out = []
        for line in sys.stdin:
            q = json.loads(line)
            if q["tz"] != current:
                current = q["tz"]
                os.environ["TZ"] = current
                time.tzset()
            try:
                lt = time.localtime(q["t"])
                out.append(json.dumps({"off": lt.tm_gmtoff, "dst": lt.tm_isdst, "zone": lt.tm_zone,
                    "f": [lt.tm_year, lt.tm_mon, lt.tm_mday, lt.tm_hour, lt.tm_min, lt.tm_sec]}))
            except (OverflowError, OSError, ValueError) as e:
                out.append(json.dumps({"error": repr(e)}))
        sys.stdout.write("\n".join(out) + "\n")
        """;

    public static IReadOnlyList<GlibcLocaltime> Query(IReadOnlyList<(string Zone, long Seconds)> queries)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("python3 is required for the glibc differential test (CI installs it) but could not be started: " + ex.Message, ex);
        }

        using (process)
        {
            // Write and read concurrently so neither pipe can fill up and deadlock the two processes.
            var writer = Task.Run(() =>
            {
                var input = new StringBuilder();
                foreach (var (zone, seconds) in queries)
                {
                    input.Append("{\"tz\":").Append(JsonSerializer.Serialize(zone)).Append(",\"t\":").Append(seconds).Append("}\n");
                }

                process.StandardInput.Write(input.ToString());
                process.StandardInput.Close();
            });
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            writer.GetAwaiter().GetResult();
            string output = stdout.GetAwaiter().GetResult();
            string errors = stderr.GetAwaiter().GetResult();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"python3 failed with exit code {process.ExitCode}: {errors}");
            }

            var results = new List<GlibcLocaltime>(queries.Count);
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.TryGetProperty("error", out var error))
                {
                    results.Add(new GlibcLocaltime(0, 0, string.Empty, [], error.GetString()));
                    continue;
                }

                results.Add(new GlibcLocaltime(
                    root.GetProperty("off").GetInt64(),
                    root.GetProperty("dst").GetInt32(),
                    root.GetProperty("zone").GetString() ?? string.Empty,
                    root.GetProperty("f").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                    null));
            }

            if (results.Count != queries.Count)
            {
                throw new InvalidOperationException($"python3 answered {results.Count} of {queries.Count} queries: {errors}");
            }

            return results;
        }
    }
}
