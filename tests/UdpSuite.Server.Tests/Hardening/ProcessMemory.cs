using System.Globalization;

namespace UdpSuite.Server.Tests.Hardening;

/// <summary>Reads a process's resident set size from /proc/PID/status (Linux).</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS in KiB, or null when the process is gone or /proc is not there.</summary>
    public static long? ResidentKiB(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}

/// <summary>Latency and count figures a hardening test prints for docs/RELIABILITY.md.</summary>
internal static class Figures
{
    public static string Percentiles(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return "no samples";
        }

        double[] sorted = [.. milliseconds.Order()];
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.50):F2} ms, p90 {At(0.90):F2} ms, p99 {At(0.99):F2} ms, max {sorted[^1]:F2} ms (n={sorted.Length})");
    }

    /// <summary>Writes <paramref name="line"/> to the test output and appends it to $UDPSUITE_FIGURES (when set), for the docs.</summary>
    public static void Report(Xunit.Abstractions.ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("UDPSUITE_FIGURES") is { Length: > 0 } file)
        {
            File.AppendAllText(file, $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {line}\n");
        }
    }
}
