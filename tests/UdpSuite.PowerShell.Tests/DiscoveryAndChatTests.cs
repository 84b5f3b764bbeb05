using System.Management.Automation;
using System.Net;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.PowerShell.Tests;

[Collection(ServerCollection.Name)]
public class DiscoveryTests(ServerFixture fixture)
{
    private static readonly byte[] ProbeReplyPrefix = [0x55, 0x43, 0x02, 0x09];

    [Fact]
    public void Find_UdpSuiteServer_finds_the_real_chat_listener_by_PROBE()
    {
        ScriptRun run = ModuleHost.RunOk("Find-UdpSuiteServer -Address 127.0.0.1 -Port $ChatPort -TimeoutMs 500", fixture.Variables());
        PSObject server = Assert.Single(run.Output);
        Assert.Equal(IPAddress.Loopback, server.Properties["Address"].Value);
        Assert.Equal(fixture.ChatPort, (int)server.Properties["Port"].Value);
        Assert.Equal(ServerFixture.ServerName, server.Properties["ServerName"].Value);
        Assert.Equal(2, (int)server.Properties["ProtocolVersion"].Value);
        Assert.StartsWith("SHA256:", (string)server.Properties["ServerKey"].Value, StringComparison.Ordinal);
        Assert.InRange((double)server.Properties["RoundTripMs"].Value, 0.0, 500.0);
    }

    [Fact]
    public void Find_UdpSuiteServer_reports_each_responder_once_and_ignores_junk()
    {
        using var good = new FakeUdpServer(request => [.. ProbeReplyPrefix, .. new byte[32], 5, .. "other"u8]);
        using var junk = new FakeUdpServer(_ => "hello"u8.ToArray());
        ScriptRun run = ModuleHost.RunOk(
            "'127.0.0.1', 'localhost' | Find-UdpSuiteServer -Port $GoodPort -TimeoutMs 400; Find-UdpSuiteServer -Address 127.0.0.1 -Port $JunkPort -TimeoutMs 300 -Verbose",
            fixture.Variables(("GoodPort", good.Port), ("JunkPort", junk.Port)));
        PSObject server = Assert.Single(run.Output);
        Assert.Equal("other", server.Properties["ServerName"].Value);
        Assert.Equal(2, good.Requests);
        Assert.Contains(run.Verbose, v => v.Contains("not a PROBE_REPLY", StringComparison.Ordinal));
        Assert.Contains(run.Verbose, v => v.StartsWith("probe 127.0.0.1:", StringComparison.Ordinal) && v.Contains("55 43 02 08"));
    }

    [Fact]
    public void Find_UdpSuiteServer_without_responders_returns_nothing_after_the_timeout()
    {
        using var silent = FakeUdpServer.Silent();
        ScriptRun run = ModuleHost.RunOk("Find-UdpSuiteServer -Address 127.0.0.1 -Port $Port -TimeoutMs 300", fixture.Variables(("Port", silent.Port)));
        Assert.Empty(run.Output);
        Assert.InRange(run.Elapsed.TotalMilliseconds, 250, 4000);
    }

    [Fact]
    public void Test_UdpSuiteServer_checks_every_listener_of_the_real_server()
    {
        ScriptRun run = ModuleHost.RunOk(
            "Test-UdpSuiteServer -ComputerName 127.0.0.1 -TimePort $TimePort -NtpPort $NtpPort -Rfc868Port $Rfc868Port -DaytimePort $DaytimePort -ChatPort $ChatPort",
            fixture.Variables());
        Assert.Equal(["time-text", "sntp", "rfc868", "daytime", "chat"], run.Output.Select(o => (string)o.Properties["Listener"].Value));
        Assert.Equal([fixture.TimePort, fixture.NtpPort, fixture.Rfc868Port, fixture.DaytimePort, fixture.ChatPort], run.Output.Select(o => (int)o.Properties["Port"].Value));
        Assert.All(run.Output, o =>
        {
            Assert.True((bool)o.Properties["Ok"].Value, $"{o.Properties["Listener"].Value}: {o.Properties["Detail"].Value}");
            Assert.InRange((double)o.Properties["RoundTripMs"].Value, 0.0, 1000.0);
        });
        Assert.Contains("stratum 10", (string)run.Output[1].Properties["Detail"].Value);
        Assert.Contains(ServerFixture.ServerName, (string)run.Output[4].Properties["Detail"].Value);
    }

    [Fact]
    public void Test_UdpSuiteServer_reports_missing_and_silent_listeners_as_not_Ok_without_errors()
    {
        using var silent = FakeUdpServer.Silent();
        ScriptRun run = ModuleHost.RunOk(
            "Test-UdpSuiteServer -Listener time-text, sntp, chat -TimePort $Closed -NtpPort $Silent -ChatPort $Silent -TimeoutMs 300",
            fixture.Variables(("Closed", FakeUdpServer.ClosedPort()), ("Silent", silent.Port)));
        Assert.Equal(3, run.Output.Count);
        Assert.All(run.Output, o => Assert.False((bool)o.Properties["Ok"].Value));
        Assert.Contains("refused", (string)run.Output[0].Properties["Detail"].Value);
        Assert.Contains("within 300 ms", (string)run.Output[1].Properties["Detail"].Value);
        Assert.Contains("no reply", (string)run.Output[2].Properties["Detail"].Value);
        Assert.InRange(run.Elapsed.TotalMilliseconds, 0, 3000);
    }
}

/// <summary>Chat from scripts, through the udpsuite CLI; its own server so these slower tests run beside the others.</summary>
[Collection(ChatServerCollection.Name)]
public class ChatFromScriptsTests(ServerFixture fixture)
{
    private static string CliPath => ServerProcess.CliPath;

    [Fact]
    public void ConvertFrom_UdpSuiteMessageJson_parses_listen_json_lines_and_reports_bad_ones()
    {
        ScriptRun run = ModuleHost.Run("""
            '{"id":"0f8e2d6a-1b7c-4d3e-9f10-112233445566","from":"alice","to":"bob","text":"h\u00e9llo \"you\"","sentAt":"2026-11-24T01:02:03.456Z","sequence":7}', '', '{"type":"presence","user":"alice","state":"away","status":"x","at":"2026-11-24T01:02:03.456Z","version":5}', 'not json' |
                ConvertFrom-UdpSuiteMessageJson
            """);
        PSObject message = Assert.Single(run.Output);
        Assert.Equal("alice", message.Properties["From"].Value);
        Assert.Equal("bob", message.Properties["To"].Value);
        Assert.Equal("héllo \"you\"", message.Properties["Text"].Value);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 1, 2, 3, 456, TimeSpan.Zero), message.Properties["SentAt"].Value);
        Assert.Equal(7L, message.Properties["Sequence"].Value);
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal("not json", error.TargetObject);
    }

    [Fact]
    public void Chat_functions_register_send_and_receive_through_the_real_server()
    {
        string alice = "alice" + Environment.ProcessId;
        string bob = "bob" + Environment.ProcessId;
        ScriptRun run = ModuleHost.Run("""
            $aliceCred = [pscredential]::new($Alice, [System.Net.NetworkCredential]::new('', 'alice-secret-1').SecurePassword)
            $bobCred = [pscredential]::new($Bob, [System.Net.NetworkCredential]::new('', 'bob-secret-1').SecurePassword)
            $server = '127.0.0.1:' + $ChatPort
            $aliceCred, $bobCred | Register-UdpSuiteAccount -Server $server -UdpSuitePath $Cli
            'first', '-second starts with a dash' | Send-UdpSuiteMessage -To $Bob -Credential $aliceCred -Server $server -DeadlineMs 10000 -UdpSuitePath $Cli
            Receive-UdpSuiteMessage -Credential $bobCred -Count 2 -Server $server -TimeoutMs 15000 -UdpSuitePath $Cli
            Send-UdpSuiteMessage -To nosuchuser -Text hi -Credential $aliceCred -Server $server -DeadlineMs 10000 -UdpSuitePath $Cli
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            Receive-UdpSuiteMessage -Credential $bobCred -Count 1 -Server $server -TimeoutMs 2500 -UdpSuitePath $Cli
            'elapsed ' + [int]$watch.Elapsed.TotalMilliseconds
            """, fixture.Variables(("Alice", alice), ("Bob", bob), ("Cli", CliPath)));
        Assert.True(run.Errors.Count == 2, run.ErrorText);
        string outputs = string.Join(" | ", run.Output.Select(o => o is null ? "<null>" : o.ToString()));
        string? elapsed = run.Output.Select(o => o?.ToString()).LastOrDefault(o => o?.StartsWith("elapsed ", StringComparison.Ordinal) == true);
        Assert.True(elapsed is not null, outputs);
        Assert.InRange(int.Parse(elapsed[8..], System.Globalization.CultureInfo.InvariantCulture), 2400, 6000); // nothing more for bob: the wait ends at -TimeoutMs
        ErrorRecord timedOut = run.Errors[1];
        Assert.StartsWith("UdpSuiteReceiveTimeout", timedOut.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, timedOut.CategoryInfo.Category);
        Assert.Contains("0 of 1 messages within 2500 ms", timedOut.ToString());
        Assert.True(run.Output.Count == 7, outputs);
        Assert.Equal([alice, bob], run.Output.Take(2).Select(o => (string)o.Properties["UserName"].Value));
        Assert.All(run.Output.Skip(2).Take(2), o =>
        {
            Assert.Equal("sent", o.Properties["State"].Value);
            Assert.True(Guid.TryParse((string)o.Properties["MessageId"].Value, out _));
        });
        Assert.Equal(["first", "-second starts with a dash"], run.Output.Skip(4).Take(2).Select(o => (string)o.Properties["Text"].Value));
        Assert.All(run.Output.Skip(4).Take(2), o => Assert.Equal(alice, o.Properties["From"].Value));
        Assert.Equal(run.Output[2].Properties["MessageId"].Value, run.Output[4].Properties["Id"].Value);

        // A refused message is a non-terminating error carrying udpsuite's own explanation.
        ErrorRecord refused = run.Errors[0];
        Assert.StartsWith("UdpSuiteCliFailed.send,Send-UdpSuiteMessage", refused.FullyQualifiedErrorId);
        Assert.Contains("UnknownRecipient", refused.Exception.Message);
        Assert.Equal("nosuchuser", refused.TargetObject);
    }

    [Fact]
    public void A_server_key_other_than_the_one_given_is_a_SecurityError_with_both_fingerprints_and_nothing_is_sent()
    {
        // The SHA-256 fingerprint of 32 zero bytes: no real server has that key.
        const string WrongKey = "SHA256:Zmh6rfhivXdsj8GLjp+OIAiXFIVu4jOzkCpZHQ1fKSU";
        ScriptRun run = ModuleHost.Run("""
            $cred = [pscredential]::new('keycheck', [System.Net.NetworkCredential]::new('', 'secret-1').SecurePassword)
            Send-UdpSuiteMessage -To bob -Text 'must not leave' -Credential $cred -Server ('127.0.0.1:' + $ChatPort) -ServerKey $WrongKey -DeadlineMs 5000 -UdpSuitePath $Cli
            """, fixture.Variables(("Cli", CliPath), ("WrongKey", WrongKey)));

        ErrorRecord refused = Assert.Single(run.Errors);
        Assert.StartsWith("UdpSuiteServerKeyChanged.send,Send-UdpSuiteMessage", refused.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.SecurityError, refused.CategoryInfo.Category);
        Assert.Contains(WrongKey, refused.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("SHA256:", refused.Exception.Message.Replace(WrongKey, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal); // the presented one too
        Assert.Contains("(exit code 3)", refused.ToString(), StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void Scripts_can_call_udpsuite_listen_json_directly_and_parse_it()
    {
        // The README's raw path: the password in UDPSUITE_PASSWORD, udpsuite's JSON lines piped into the parser.
        string carol = "carol" + Environment.ProcessId;
        string dave = "dave" + Environment.ProcessId;
        ScriptRun run = ModuleHost.RunOk("""
            $server = '127.0.0.1:' + $ChatPort
            [Environment]::SetEnvironmentVariable('UDPSUITE_PASSWORD', 'pw-carol-1')
            & dotnet $Cli register --server $server --user $Carol | Out-Null
            [Environment]::SetEnvironmentVariable('UDPSUITE_PASSWORD', 'pw-dave-1')
            & dotnet $Cli register --server $server --user $Dave | Out-Null
            [Environment]::SetEnvironmentVariable('UDPSUITE_PASSWORD', 'pw-carol-1')
            $sent = & dotnet $Cli send --server $server --user $Carol --to $Dave 'over the CLI'
            "send exit $LASTEXITCODE"
            [Environment]::SetEnvironmentVariable('UDPSUITE_PASSWORD', 'pw-dave-1')
            & dotnet $Cli listen --server $server --user $Dave --json --count 1 2>$null | ConvertFrom-UdpSuiteMessageJson
            "listen exit $LASTEXITCODE"
            [Environment]::SetEnvironmentVariable('UDPSUITE_PASSWORD', $null)
            """, fixture.Variables(("Carol", carol), ("Dave", dave), ("Cli", CliPath)));
        Assert.Equal("send exit 0", run.Output[0].ToString());
        Assert.Equal("over the CLI", run.Output[1].Properties["Text"].Value);
        Assert.Equal(carol, run.Output[1].Properties["From"].Value);
        Assert.Equal("listen exit 0", run.Output[2].ToString());
    }

    [Fact]
    public void Send_UdpSuiteMessage_without_udpsuite_is_an_ObjectNotFound_error_and_Stop_makes_it_terminating()
    {
        ScriptRun run = ModuleHost.Run("""
            $cred = [pscredential]::new('nobody', [System.Net.NetworkCredential]::new('', 'x-password').SecurePassword)
            Send-UdpSuiteMessage -To bob -Text hi -Credential $cred -UdpSuitePath '/nonexistent/udpsuite'
            'went on'
            """);
        Assert.True(run.HadErrors);
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("-UdpSuitePath", error.ToString());
        Assert.Equal("went on", Assert.Single(run.Output).ToString());

        ScriptRun stopped = ModuleHost.Run("""
            $cred = [pscredential]::new('nobody', [System.Net.NetworkCredential]::new('', 'x-password').SecurePassword)
            try { Send-UdpSuiteMessage -To bob -Text hi -Credential $cred -UdpSuitePath '/nonexistent/udpsuite' -ErrorAction Stop; 'not reached' } catch { 'stopped: ' + $_.FullyQualifiedErrorId }
            """);
        Assert.Equal("stopped: UdpSuiteCliNotFound,Send-UdpSuiteMessage", Assert.Single(stopped.Output).ToString());
    }
}
