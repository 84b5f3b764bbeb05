using System.Buffers.Binary;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace UdpSuite.PowerShell.Tests;

[Collection(ServerCollection.Name)]
public partial class TimeServiceTests(ServerFixture fixture)
{
    private const long NtpEra = 1L << 32;

    [Fact]
    public void Get_SntpTime_against_the_real_server()
    {
        ScriptRun run = ModuleHost.RunOk("Get-SntpTime -ComputerName 127.0.0.1 -Port $NtpPort", fixture.Variables());
        PSObject result = Assert.Single(run.Output);
        Assert.Contains("UdpSuite.SntpTime", result.TypeNames);
        var serverTime = (DateTimeOffset)result.Properties["ServerTime"].Value;
        Assert.InRange(serverTime, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(TimeSpan.Zero, serverTime.Offset);
        var offset = (TimeSpan)result.Properties["Offset"].Value;
        var delay = (TimeSpan)result.Properties["Delay"].Value;
        Assert.InRange(offset, TimeSpan.FromMilliseconds(-200), TimeSpan.FromMilliseconds(200)); // same host, same clock
        Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal(offset.TotalMilliseconds, (double)result.Properties["OffsetMs"].Value, 0.001);
        Assert.Equal(10, (int)result.Properties["Stratum"].Value);
        Assert.Equal("127.127.1.1", result.Properties["ReferenceId"].Value); // chrony's LOCAL refid, shown dotted above stratum 1
        Assert.Equal("NoWarning", result.Properties["LeapIndicator"].Value);
        Assert.Equal(4, (int)result.Properties["Version"].Value);
        Assert.Equal(-20, (int)result.Properties["Precision"].Value);
    }

    [Fact]
    public void Get_SntpTime_computes_offset_and_delay_per_RFC_4330_from_the_four_timestamps()
    {
        // A server 10 s ahead that spends exactly 0.25 s between T2 and T3: offset ~ +10 s - rtt/2 + 0.125 s, delay = rtt - 0.25 s (>= 0).
        using var server = new FakeUdpServer(request => SntpReply(request, serverAheadSeconds: 10.0, processingSeconds: 0.25));
        ScriptRun run = ModuleHost.RunOk("Get-SntpTime -Port $Port -TimeoutMs 5000", fixture.Variables(("Port", server.Port)));
        double offsetMs = (double)run.Property(0, "OffsetMs")!;
        double delayMs = (double)run.Property(0, "DelayMs")!;
        double rttMs = (double)run.Property(0, "RoundTripMs")!;
        // offset - 10 s = (uplink - downlink) / 2 and delay = uplink + downlink, so |offset - 10 s| <= delay / 2;
        // the server's 0.25 s between T2 and T3 is in neither.
        Assert.InRange(offsetMs - 10_000.0, -delayMs / 2 - 0.01, delayMs / 2 + 0.01);
        Assert.InRange(delayMs, rttMs - 250.0 - 1, rttMs - 250.0 + 20);
        Assert.Equal(1, (int)run.Property(0, "Stratum")!);
        Assert.Equal("GPS", run.Property(0, "ReferenceId"));
        Assert.Equal("LastMinuteHas61Seconds", run.Property(0, "LeapIndicator"));
    }

    [Fact]
    public void Get_SntpTime_with_Count_reports_the_lowest_delay_sample()
    {
        ScriptRun run = ModuleHost.RunOk("Get-SntpTime -Port $NtpPort -Count 5 -Verbose", fixture.Variables());

        double[] delays = [.. run.Verbose.Select(v => SampleLine().Match(v)).Where(m => m.Success)
            .Select(m => double.Parse(m.Groups["delay"].Value, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(5, delays.Length);
        PSObject result = Assert.Single(run.Output);
        Assert.Equal(delays.Min(), (double)result.Properties["DelayMs"].Value, 6);
        Assert.Equal(5, (int)result.Properties["Samples"].Value);
    }

    [Fact]
    public void Get_SntpTime_with_Count_skips_samples_that_time_out()
    {
        int requests = 0;
        using var server = new FakeUdpServer(request => Interlocked.Increment(ref requests) % 2 == 1 ? null : SntpReply(request, 0, 0));
        ScriptRun run = ModuleHost.RunOk("Get-SntpTime -Port $Port -Count 4 -TimeoutMs 300 -Verbose", fixture.Variables(("Port", server.Port)));

        Assert.Single(run.Output);
        Assert.Equal(2, run.Verbose.Count(v => SampleLine().IsMatch(v)));
        Assert.Equal(4, server.Requests);
    }

    [Fact]
    public void Get_SntpTime_with_Count_stops_at_a_Kiss_o_Death()
    {
        using var server = new FakeUdpServer(request =>
        {
            byte[] reply = SntpReply(request, 0, 0);
            reply[1] = 0;
            "RATE"u8.CopyTo(reply.AsSpan(12));
            return reply;
        });
        ScriptRun run = ModuleHost.Run("Get-SntpTime -Port $Port -Count 4 -TimeoutMs 2000", fixture.Variables(("Port", server.Port)));

        Assert.StartsWith("UdpSuiteSntpKissOfDeath.RATE", Assert.Single(run.Errors).FullyQualifiedErrorId);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public void Get_SntpTime_differences_stay_right_across_the_2036_era_boundary()
    {
        // 400,000,000 s ahead lands in NTP era 1 (2039): raw 32-bit seconds wrap, the offset must not.
        using var server = new FakeUdpServer(request => SntpReply(request, serverAheadSeconds: 400_000_000.0, processingSeconds: 0));
        ScriptRun run = ModuleHost.RunOk("Get-SntpTime -Port $Port -TimeoutMs 5000", fixture.Variables(("Port", server.Port)));
        double delayMs = (double)run.Property(0, "DelayMs")!;
        Assert.InRange((double)run.Property(0, "OffsetMs")! - 400_000_000_000.0, -delayMs / 2 - 0.01, delayMs / 2 + 0.01);
        var serverTime = (DateTimeOffset)run.Property(0, "ServerTime")!;
        Assert.InRange(serverTime, DateTimeOffset.UtcNow.AddSeconds(400_000_000 - 5), DateTimeOffset.UtcNow.AddSeconds(400_000_000 + 5));
        Assert.True(serverTime.Year >= 2036);
    }

    [Fact]
    public void Get_SntpTime_rejects_a_reply_that_does_not_echo_the_origin_timestamp()
    {
        using var server = new FakeUdpServer(request =>
        {
            byte[] reply = SntpReply(request, 0, 0);
            reply[31] ^= 0xFF;
            return reply;
        });
        ScriptRun run = ModuleHost.Run("Get-SntpTime -Port $Port -TimeoutMs 5000", fixture.Variables(("Port", server.Port)));
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.StartsWith("UdpSuiteSntpOriginMismatch", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void Get_SntpTime_reports_Kiss_o_Death_RATE_as_an_error()
    {
        using var server = new FakeUdpServer(request =>
        {
            byte[] reply = SntpReply(request, 0, 0);
            reply[0] = (3 << 6) | (4 << 3) | 4;
            reply[1] = 0; // stratum 0: KoD
            "RATE"u8.CopyTo(reply.AsSpan(12));
            return reply;
        });
        ScriptRun run = ModuleHost.Run("Get-SntpTime -Port $Port -TimeoutMs 5000", fixture.Variables(("Port", server.Port)));
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.StartsWith("UdpSuiteSntpKissOfDeath.RATE", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Contains("RATE", error.ToString());
    }

    [Fact]
    public async Task Get_SntpTime_reports_the_real_servers_Kiss_o_Death_when_rate_limited()
    {
        await using var limited = await UdpSuite.Server.Tests.Integration.ServerProcess.StartAsync(
            ["server", "--time-port", "off", "--ntp-port", "0", "--rfc868-port", "off", "--daytime-port", "off", "--chat-port", "off", "--bind", "127.0.0.1"],
            new Dictionary<string, string> { ["UDPSUITE_Server__NtpRateLimit__Burst"] = "1", ["UDPSUITE_Server__NtpRateLimit__RequestsPerSecond"] = "1" },
            ["sntp"]);
        ScriptRun run = ModuleHost.Run("1..4 | ForEach-Object { Get-SntpTime -Port $Port -TimeoutMs 500 }", fixture.Variables(("Port", limited.Endpoint("sntp").Port)));
        Assert.NotEmpty(run.Output);
        Assert.Contains(run.Errors, e => e.FullyQualifiedErrorId.StartsWith("UdpSuiteSntpKissOfDeath.RATE", StringComparison.Ordinal));
    }

    [Fact]
    public void Get_SntpTime_takes_computer_names_from_the_pipeline_and_errors_per_name()
    {
        ScriptRun run = ModuleHost.Run("'127.0.0.1', 'no-such-host.invalid', '127.0.0.1' | Get-SntpTime -Port $NtpPort", fixture.Variables());
        Assert.Equal(2, run.Output.Count);
        Assert.Equal(ErrorCategory.ObjectNotFound, Assert.Single(run.Errors).CategoryInfo.Category);
    }

    [Fact]
    public void Get_SntpTime_silent_server_times_out()
    {
        using var silent = FakeUdpServer.Silent();
        ScriptRun run = ModuleHost.Run("Get-SntpTime -Port $Port -TimeoutMs 300", fixture.Variables(("Port", silent.Port)));
        Assert.Equal(ErrorCategory.OperationTimeout, Assert.Single(run.Errors).CategoryInfo.Category);
        Assert.InRange(run.Elapsed.TotalMilliseconds, 250, 2000);
    }

    [Fact]
    public void Get_Rfc868Time_against_the_real_server()
    {
        ScriptRun run = ModuleHost.RunOk("Get-Rfc868Time -ComputerName 127.0.0.1 -Port $Rfc868Port", fixture.Variables());
        var time = (DateTimeOffset)run.Property(0, "Time")!;
        Assert.InRange(time, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        uint seconds = (uint)run.Property(0, "Seconds")!;
        Assert.Equal((uint)((time.ToUnixTimeSeconds() + 2_208_988_800L) % NtpEra), seconds);
    }

    [Fact]
    public void Get_Rfc868Time_rejects_a_reply_that_is_not_4_bytes()
    {
        using var server = new FakeUdpServer(_ => [1, 2, 3]);
        ScriptRun run = ModuleHost.Run("Get-Rfc868Time -Port $Port", fixture.Variables(("Port", server.Port)));
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.Contains("3 bytes", error.ToString());
    }

    [Fact]
    public void Get_Rfc868Time_no_server_is_an_error()
    {
        ScriptRun run = ModuleHost.Run("Get-Rfc868Time -Port $Port", fixture.Variables(("Port", FakeUdpServer.ClosedPort())));
        Assert.Equal(ErrorCategory.ConnectionError, Assert.Single(run.Errors).CategoryInfo.Category);
    }

    [Fact]
    public void Get_DaytimeText_against_the_real_server()
    {
        ScriptRun run = ModuleHost.RunOk("Get-DaytimeText -ComputerName 127.0.0.1 -Port $DaytimePort", fixture.Variables());
        string text = (string)run.Property(0, "Text")!;
        Assert.Matches(DaytimeLine(), text);
        Assert.Contains(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
        Assert.DoesNotContain("\r", text);
    }

    [Fact]
    public void Get_DaytimeText_silent_server_times_out_and_Stop_makes_it_terminating()
    {
        using var silent = FakeUdpServer.Silent();
        ScriptRun run = ModuleHost.Run("try { Get-DaytimeText -Port $Port -TimeoutMs 200 -ErrorAction Stop } catch { $_.CategoryInfo.Category.ToString() }", fixture.Variables(("Port", silent.Port)));
        Assert.Equal("OperationTimeout", Assert.Single(run.Output).ToString());
    }

    /// <summary>A mode 4 reply to <paramref name="request"/> from a clock <paramref name="serverAheadSeconds"/> ahead of ours.</summary>
    private static byte[] SntpReply(byte[] request, double serverAheadSeconds, double processingSeconds)
    {
        ulong clientNow = ToNtp(DateTimeOffset.UtcNow);
        ulong ahead = (ulong)(long)(serverAheadSeconds * 4294967296.0);
        ulong t2 = unchecked(clientNow + ahead);
        ulong t3 = unchecked(t2 + (ulong)(long)(processingSeconds * 4294967296.0));
        var reply = new byte[48];
        reply[0] = (1 << 6) | (4 << 3) | 4; // LI 1, v4, server
        reply[1] = 1;
        reply[3] = unchecked((byte)-20);
        "GPS"u8.CopyTo(reply.AsSpan(12));
        request.AsSpan(40, 8).CopyTo(reply.AsSpan(24)); // origin = client's transmit
        BinaryPrimitives.WriteUInt64BigEndian(reply.AsSpan(32), t2);
        BinaryPrimitives.WriteUInt64BigEndian(reply.AsSpan(40), t3);
        if (processingSeconds > 0)
        {
            Thread.Sleep(TimeSpan.FromSeconds(processingSeconds)); // the server really takes that long
        }

        return reply;
    }

    private static ulong ToNtp(DateTimeOffset time)
    {
        long ticks = time.UtcTicks - new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        ulong seconds = (ulong)(ticks / TimeSpan.TicksPerSecond) % (ulong)NtpEra;
        ulong fraction = (ulong)((ticks % TimeSpan.TicksPerSecond) * 4294967296.0 / TimeSpan.TicksPerSecond);
        return (seconds << 32) | fraction;
    }

    [GeneratedRegex(@"^sample \d+/\d+: offset (?<offset>-?[\d.E+-]+) ms, delay (?<delay>[\d.E+-]+) ms$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"^([A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4} \d{2}:\d{2}:\d{2}-\S+|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})$")]
    private static partial Regex DaytimeLine();
}
