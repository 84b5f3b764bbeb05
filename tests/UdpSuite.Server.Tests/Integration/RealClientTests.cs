using System.Globalization;
using System.Text.RegularExpressions;

namespace UdpSuite.Server.Tests.Integration;

/// <summary>Clients nobody here wrote (chronyd, rdate) accept the listeners.</summary>
[Collection(SharedServerCollection.Name)]
public partial class RealClientTests(SharedServerFixture fixture)
{
    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(file, arguments, timeout);
        return (exitCode, stdout + stderr);
    }

    [Fact]
    public async Task Chronyd_takes_the_sntp_listener_as_a_source_and_reports_a_small_offset()
    {
        int port = fixture.Server.Endpoint("sntp").Port;
        string pidFile = Path.Combine(Path.GetTempPath(), $"udpsuite-chronyd-{Guid.NewGuid():N}.pid");
        (int exitCode, string output) = await RunAsync(
            "chronyd",
            ["-Q", "-t", "10", "-u", "root", "-f", "/dev/null", $"server 127.0.0.1 port {port} iburst maxsamples 1", $"pidfile {pidFile}"],
            TimeSpan.FromSeconds(20));
        File.Delete(pidFile);

        Assert.True(exitCode == 0, output);
        Match match = ClockWrongBy().Match(output);
        Assert.True(match.Success, $"chronyd reported no offset:\n{output}");
        double offset = double.Parse(match.Groups["offset"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(Math.Abs(offset), 0, 0.1);
    }

    [Fact]
    public async Task Rdate_accepts_the_rfc868_listener_and_prints_now()
    {
        int port = fixture.Server.Endpoint("rfc868").Port;
        (int exitCode, string output) = await RunAsync(
            "rdate", ["-p", "-u", "-o", port.ToString(CultureInfo.InvariantCulture), "127.0.0.1"], TimeSpan.FromSeconds(15));

        Assert.True(exitCode == 0, output);
        // e.g. "Tue Nov 24 00:52:36 UTC 2026" (ctime with the zone name before the year).
        string[] parts = output.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.True(parts.Length >= 5, output);
        var printed = DateTime.ParseExact($"{parts[1]} {parts[2]} {parts[^1]} {parts[3]}", "MMM d yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        Assert.InRange((printed - DateTime.UtcNow).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [GeneratedRegex(@"System clock wrong by (?<offset>-?\d+\.\d+) seconds")]
    private static partial Regex ClockWrongBy();
}
