using System.Management.Automation;
using System.Net;

namespace UdpSuite.PowerShell.Tests;

[Collection(ServerCollection.Name)]
public class DatagramAndTimeTextTests(ServerFixture fixture)
{
    [Fact]
    public void Send_UdpDatagram_returns_one_object_per_attempt_with_the_reply()
    {
        ScriptRun run = ModuleHost.RunOk("Send-UdpDatagram -ComputerName 127.0.0.1 -Port $TimePort -Text '%{at=2026-11-24T01:02:03Z}%Y'", fixture.Variables());
        Assert.Single(run.Output);
        Assert.Equal("2026", run.Property(0, "ReplyText"));
        Assert.Equal("Replied", run.Property(0, "Status"));
        Assert.Equal(28, (int)run.Property(0, "SentBytes")!);
        Assert.Equal(4, (int)run.Property(0, "ReplyBytes")!);
        Assert.False((bool)run.Property(0, "TimedOut")!);
        Assert.InRange((double)run.Property(0, "RoundTripMs")!, 0.0, 2000.0);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, fixture.TimePort), run.Property(0, "RemoteEndPoint"));
        Assert.Contains("UdpSuite.DatagramResult", run.Output[0].TypeNames);
    }

    [Fact]
    public void Send_UdpDatagram_takes_many_payloads_from_the_pipeline_and_repeats_with_Count()
    {
        ScriptRun run = ModuleHost.RunOk(
            "'%{at=2026-11-24T01:02:03Z}%H', '%{at=2026-11-24T01:02:03Z}%M' | Send-UdpDatagram -ComputerName 127.0.0.1 -Port $TimePort -Count 2",
            fixture.Variables());
        Assert.Equal(["01", "01", "02", "02"], run.Output.Select(o => (string)o.Properties["ReplyText"].Value));
        Assert.Equal([1, 2, 1, 2], run.Output.Select(o => (int)o.Properties["Attempt"].Value));
    }

    [Fact]
    public void Send_UdpDatagram_sends_raw_bytes_and_returns_the_raw_reply()
    {
        ScriptRun run = ModuleHost.RunOk("Send-UdpDatagram 127.0.0.1 $Rfc868Port -Bytes 1,2,3", fixture.Variables());
        byte[] reply = (byte[])run.Property(0, "Reply")!;
        Assert.Equal(4, reply.Length);
        long seconds = ((long)reply[0] << 24) | ((long)reply[1] << 16) | ((long)reply[2] << 8) | reply[3];
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2_208_988_800L;
        Assert.InRange(seconds, now - 5, now + 5);
        Assert.Equal(3, (int)run.Property(0, "SentBytes")!);
    }

    [Fact]
    public void Send_UdpDatagram_Verbose_shows_what_is_sent_and_received_in_hex_and_text()
    {
        ScriptRun run = ModuleHost.RunOk("Send-UdpDatagram 127.0.0.1 $TimePort -Text '%{at=2026-11-24T01:02:03Z}%Y' -Verbose", fixture.Variables());
        Assert.Contains(run.Verbose, v => v.StartsWith("send to 127.0.0.1:", StringComparison.Ordinal) && v.Contains("25 7B 61 74") && v.Contains("|%{at="));
        Assert.Contains(run.Verbose, v => v.StartsWith("reply from 127.0.0.1:", StringComparison.Ordinal) && v.Contains("32 30 32 36 |2026|"));
    }

    [Fact]
    public void Send_UdpDatagram_timeout_is_a_TimedOut_result_within_the_timeout()
    {
        using var silent = FakeUdpServer.Silent();
        ScriptRun run = ModuleHost.RunOk("Send-UdpDatagram 127.0.0.1 $Port -Text hello -TimeoutMs 300 -Count 2", fixture.Variables(("Port", silent.Port)));
        Assert.Equal(2, run.Output.Count);
        Assert.All(run.Output, o =>
        {
            Assert.True((bool)o.Properties["TimedOut"].Value);
            Assert.Equal("TimedOut", o.Properties["Status"].Value);
            Assert.Null(o.Properties["RoundTripMs"].Value);
            Assert.Equal(0, (int)o.Properties["ReplyBytes"].Value);
        });
        Assert.InRange(run.Elapsed.TotalMilliseconds, 550, 3000);
    }

    [Fact]
    public void Send_UdpDatagram_NoReply_does_not_wait()
    {
        using var silent = FakeUdpServer.Silent();
        ScriptRun run = ModuleHost.RunOk("Send-UdpDatagram 127.0.0.1 $Port -Text hello -NoReply -TimeoutMs 5000", fixture.Variables(("Port", silent.Port)));
        Assert.Equal("Sent", run.Property(0, "Status"));
        Assert.InRange(run.Elapsed.TotalMilliseconds, 0, 2500);
    }

    [Fact]
    public void Send_UdpDatagram_to_a_port_without_server_is_a_non_terminating_ConnectionError()
    {
        ScriptRun run = ModuleHost.Run("Send-UdpDatagram 127.0.0.1 $Port -Text hello -TimeoutMs 3000; 'after'", fixture.Variables(("Port", FakeUdpServer.ClosedPort())));
        Assert.True(run.HadErrors);
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.StartsWith("UdpSuiteNoServer", error.FullyQualifiedErrorId);
        Assert.Contains("refused", error.ToString());
        Assert.Equal("Refused", run.Property(0, "Status"));
        Assert.Equal("after", run.Output[1].ToString()); // non-terminating: the script went on
        Assert.InRange(run.Elapsed.TotalMilliseconds, 0, 2500); // ICMP, not the 3 s timeout
    }

    [Fact]
    public void Parameter_validation_rejects_a_bad_port_before_sending()
    {
        ScriptRun run = ModuleHost.Run("Send-UdpDatagram 127.0.0.1 0 -Text x");
        Assert.True(run.HadErrors);
        Assert.Contains(run.Errors, e => e.FullyQualifiedErrorId.StartsWith("ParameterArgumentValidationError", StringComparison.Ordinal));
        Assert.Empty(run.Output);
    }

    [Fact]
    public void Unresolvable_name_is_an_ObjectNotFound_error()
    {
        ScriptRun run = ModuleHost.Run("Get-UdpTime -ComputerName 'no-such-host.invalid' -Port 9000 -TimeoutMs 500");
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("no-such-host.invalid", error.TargetObject);
        Assert.DoesNotContain("Exception calling", error.ToString());
    }

    [Fact]
    public void Get_UdpTime_in_three_zones()
    {
        ScriptRun run = ModuleHost.RunOk("""
            'Europe/London', 'America/New_York', 'Asia/Kolkata' | ForEach-Object {
                Get-UdpTime -ComputerName 127.0.0.1 -Port $TimePort -Zone $_ -Format '%F %T %Z' -At '2026-07-01T12:00:00Z'
            }
            """, fixture.Variables());
        Assert.Equal(["2026-07-01 13:00:00 BST", "2026-07-01 08:00:00 EDT", "2026-07-01 17:30:00 IST"], run.Output.Select(o => (string)o.Properties["Text"].Value));
        Assert.Equal(["Europe/London", "America/New_York", "Asia/Kolkata"], run.Output.Select(o => (string)o.Properties["Zone"].Value));
        Assert.All(run.Output, o => Assert.Equal("%F %T %Z", o.Properties["Format"].Value));
        Assert.All(run.Output, o => Assert.Equal(new IPEndPoint(IPAddress.Loopback, fixture.TimePort), o.Properties["Server"].Value));
        Assert.All(run.Output, o => Assert.InRange((double)o.Properties["RoundTripMs"].Value, 0.0, 2000.0));
    }

    [Fact]
    public void Get_UdpTime_takes_formats_from_the_pipeline()
    {
        ScriptRun run = ModuleHost.RunOk("'%Y', '%j', '%A' | Get-UdpTime -Port $TimePort -Zone UTC -At ([DateTimeOffset]::new(2024, 2, 29, 23, 0, 0, [TimeSpan]::Zero))", fixture.Variables());
        Assert.Equal(["2024", "060", "Thursday"], run.Output.Select(o => (string)o.Properties["Text"].Value));
        Assert.Equal(["%Y", "%j", "%A"], run.Output.Select(o => (string)o.Properties["Format"].Value));
    }

    [Fact]
    public void Get_UdpTime_without_At_returns_the_server_clock()
    {
        ScriptRun run = ModuleHost.RunOk("Get-UdpTime -Port $TimePort -Format '%s'", fixture.Variables());
        long seconds = long.Parse((string)run.Property(0, "Text")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.Null(run.Property(0, "Zone"));
    }

    [Fact]
    public void Get_UdpTime_ERR_reply_is_a_non_terminating_error_with_the_servers_message()
    {
        ScriptRun run = ModuleHost.Run("""
            Get-UdpTime -Port $TimePort -Zone Mars/Olympus -Format '%T'
            Get-UdpTime -Port $TimePort -Format '%Y' -At '2026-01-01T00:00:00Z'
            """, fixture.Variables());
        Assert.True(run.HadErrors);
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.StartsWith("ERR zone", error.Exception.Message);
        Assert.Contains("Mars/Olympus", error.Exception.Message);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("%T", error.TargetObject);
        Assert.StartsWith("UdpSuiteTimeServerError.zone,Get-UdpTime", error.FullyQualifiedErrorId);
        Assert.Equal("2026", Assert.Single(run.Output).Properties["Text"].Value);
    }

    [Fact]
    public void Get_UdpTime_ErrorAction_Stop_makes_the_ERR_reply_terminating()
    {
        ScriptRun run = ModuleHost.Run("""
            try {
                Get-UdpTime -Port $TimePort -Zone Mars/Olympus -ErrorAction Stop
                'not reached'
            }
            catch {
                'caught: ' + $_.Exception.Message
            }
            """, fixture.Variables());
        Assert.StartsWith("caught: ERR zone", Assert.Single(run.Output).ToString());
    }

    [Fact]
    public void Get_UdpTime_oversized_format_is_LimitsExceeded()
    {
        ScriptRun run = ModuleHost.Run("Get-UdpTime -Port $TimePort -Format ('%Y' * 600)", fixture.Variables());
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.StartsWith("ERR too-long", error.Exception.Message);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
    }

    [Fact]
    public void Get_UdpTime_silent_server_is_an_OperationTimeout_error_within_the_timeout()
    {
        using var silent = FakeUdpServer.Silent();
        ScriptRun run = ModuleHost.Run("Get-UdpTime -Port $Port -TimeoutMs 400", fixture.Variables(("Port", silent.Port)));
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.IsType<TimeoutException>(error.Exception);
        Assert.Contains("within 400 ms", error.ToString());
        Assert.Empty(run.Output);
        Assert.InRange(run.Elapsed.TotalMilliseconds, 350, 2500);
    }

    [Fact]
    public void Get_UdpTime_no_server_is_an_error_and_terminating_with_ErrorAction_Stop()
    {
        var variables = fixture.Variables(("Port", FakeUdpServer.ClosedPort()));
        ScriptRun soft = ModuleHost.Run("Get-UdpTime -Port $Port; 'went on'", variables);
        Assert.True(soft.HadErrors);
        Assert.Equal(ErrorCategory.ConnectionError, Assert.Single(soft.Errors).CategoryInfo.Category);
        Assert.Equal("went on", Assert.Single(soft.Output).ToString());

        ScriptRun hard = ModuleHost.Run("try { Get-UdpTime -Port $Port -ErrorAction Stop; 'went on' } catch { 'stopped: ' + $_.FullyQualifiedErrorId }", variables);
        Assert.Equal("stopped: UdpSuiteNoServer,Get-UdpTime", Assert.Single(hard.Output).ToString());
    }

    [Fact]
    public void Get_UdpTime_ErrorAction_Stop_throws_out_of_the_engine_when_not_caught()
    {
        var variables = fixture.Variables(("Port", FakeUdpServer.ClosedPort()));
        Assert.ThrowsAny<RuntimeException>(() => ModuleHost.Run("Get-UdpTime -Port $Port -ErrorAction Stop; 'not reached'", variables));
    }
}
