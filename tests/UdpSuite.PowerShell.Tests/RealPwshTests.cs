using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.PowerShell.Tests;

/// <summary>
/// The module in a real <c>pwsh</c> process (the PowerShell global tool, <c>dotnet tool install --global PowerShell
/// --version 7.6.9</c>, which .ci/run installs), besides the hosted engine the other tests use: import, the time
/// functions, their errors and the chat functions driving the CLI. Skipped with the reason where no pwsh is found.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class RealPwshTests(ServerFixture fixture)
{
    [PwshFact]
    public async Task Pwsh_imports_the_module_and_exports_exactly_the_public_functions()
    {
        string output = await RunPwshOkAsync("(Get-Command -Module UdpSuite | ForEach-Object Name | Sort-Object) -join ','; $PSVersionTable.PSVersion.ToString()");

        string[] lines = Lines(output);
        Assert.Equal(string.Join(',', ModuleShapeTests.ExportedFunctions.Order(StringComparer.OrdinalIgnoreCase)), lines[0]);
        Assert.StartsWith("7.", lines[1], StringComparison.Ordinal);
    }

    [PwshFact]
    public async Task Pwsh_Get_SntpTime_with_Count_reports_the_lowest_delay_sample_with_a_small_offset()
    {
        string output = await RunPwshOkAsync(
            $"Get-SntpTime -Port {fixture.NtpPort} -Count 4 -Verbose 4>&1 | ForEach-Object {{ if ($_ -is [System.Management.Automation.VerboseRecord]) {{ $_.Message }} else {{ 'RESULT ' + ($_ | Select-Object OffsetMs, DelayMs, Samples, Stratum | ConvertTo-Json -Compress) }} }}");

        double[] delays = [.. Lines(output).Select(l => SampleLine().Match(l)).Where(m => m.Success)
            .Select(m => double.Parse(m.Groups["delay"].Value, CultureInfo.InvariantCulture))];
        Assert.Equal(4, delays.Length);
        using JsonDocument result = JsonDocument.Parse(Lines(output).Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal))[7..]);
        Assert.Equal(delays.Min(), result.RootElement.GetProperty("DelayMs").GetDouble(), 6);
        Assert.Equal(4, result.RootElement.GetProperty("Samples").GetInt32());
        Assert.Equal(10, result.RootElement.GetProperty("Stratum").GetInt32());
        // Same host, same clock: the offset can be wrong by at most half the delay (plus the clock's reading steps).
        double offset = result.RootElement.GetProperty("OffsetMs").GetDouble();
        Assert.InRange(Math.Abs(offset), 0, (result.RootElement.GetProperty("DelayMs").GetDouble() / 2) + 1);
    }

    [PwshFact]
    public async Task Pwsh_runs_the_other_time_functions_against_the_real_server()
    {
        string output = await RunPwshOkAsync(string.Join("; ",
            $"(Get-UdpTime -Port {fixture.TimePort} -Format '%Y').Text",
            $"(Get-Rfc868Time -Port {fixture.Rfc868Port}).Time.Year",
            $"(Get-DaytimeText -Port {fixture.DaytimePort}).Text.Length -gt 10"));

        string year = DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture);
        Assert.Equal([year, year, "True"], Lines(output));
    }

    [PwshFact]
    public async Task Pwsh_reports_a_timeout_as_a_non_terminating_error_and_exits_non_zero_with_ErrorAction_Stop()
    {
        using var silent = FakeUdpServer.Silent();
        (int exitCode, string stdout, string stderr) = await RunPwshAsync($"Get-SntpTime -Port {silent.Port} -TimeoutMs 300 -ErrorAction Stop; 'not reached'");

        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain("not reached", stdout, StringComparison.Ordinal);
        Assert.Contains("no reply", stderr, StringComparison.Ordinal);
    }

    [PwshFact]
    public async Task Pwsh_chat_functions_register_send_and_receive_through_the_real_server()
    {
        string alice = "palice" + Environment.ProcessId;
        string bob = "pbob" + Environment.ProcessId;
        string output = await RunPwshOkAsync($$"""
            $aliceCred = [pscredential]::new('{{alice}}', (ConvertTo-SecureString 'alice-secret-1' -AsPlainText -Force))
            $bobCred = [pscredential]::new('{{bob}}', (ConvertTo-SecureString 'bob-secret-1' -AsPlainText -Force))
            $server = '127.0.0.1:{{fixture.ChatPort}}'
            $aliceCred, $bobCred | Register-UdpSuiteAccount -Server $server -UdpSuitePath '{{ServerProcess.CliPath}}' | Out-Null
            Send-UdpSuiteMessage -To '{{bob}}' -Text 'hello from pwsh' -Credential $aliceCred -Server $server -DeadlineMs 10000 -UdpSuitePath '{{ServerProcess.CliPath}}' | Out-Null
            $m = Receive-UdpSuiteMessage -Credential $bobCred -Count 1 -Server $server -TimeoutMs 15000 -UdpSuitePath '{{ServerProcess.CliPath}}'
            $m.From + ': ' + $m.Text
            """);

        Assert.Contains($"{alice}: hello from pwsh", Lines(output));
    }

    [PwshFact]
    public async Task Pwsh_completes_udpsuite_through_the_script_udpsuite_completion_pwsh_prints()
    {
        string bin = Directory.CreateTempSubdirectory("udpsuite-pwsh-bin-").FullName;
        try
        {
            string wrapper = Path.Combine(bin, "udpsuite");
            await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec dotnet '{ServerProcess.CliPath}' \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            string output = await RunPwshOkAsync(
                "udpsuite completion pwsh | Out-String | Invoke-Expression; " +
                "(TabExpansion2 -inputScript 'udpsuite se' -cursorColumn 11).CompletionMatches.CompletionText -join ','; " +
                "(TabExpansion2 -inputScript 'udpsuite server --rfc86' -cursorColumn 23).CompletionMatches.CompletionText -join ','",
                ("PATH", bin + ":" + Environment.GetEnvironmentVariable("PATH")));

            Assert.Equal(["send,server,sessions", "--rfc868-port"], Lines(output));
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    /// <summary>pwsh keeps its own caches under XDG_CACHE_HOME: a temporary one, not the user's.</summary>
    private static readonly string CacheHome = Directory.CreateTempSubdirectory("udpsuite-pwsh-cache-").FullName;

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<string> RunPwshOkAsync(string script, params (string Name, string Value)[] environment)
    {
        (int exitCode, string stdout, string stderr) = await RunPwshAsync(script, environment);
        Assert.True(exitCode == 0 && stderr.Length == 0, $"pwsh exited {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        return stdout;
    }

    /// <summary>Runs <c>pwsh -NoProfile -NonInteractive -Command</c> with the module imported; the environment (temp XDG dirs) is inherited.</summary>
    private static Task<(int ExitCode, string StandardOutput, string StandardError)> RunPwshAsync(string script, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(PwshLocator.Path!);
        start.ArgumentList.Add("-NoProfile");
        start.ArgumentList.Add("-NonInteractive");
        start.ArgumentList.Add("-Command");
        start.ArgumentList.Add($"$ErrorView = 'NormalView'; Import-Module '{ModuleHost.ManifestPath}' -ErrorAction Stop; {script}");
        start.Environment["NO_COLOR"] = "1";
        start.Environment["XDG_CACHE_HOME"] = CacheHome;
        start.Environment["TERM"] = "dumb";
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        return ExternalProcess.RunAsync(start, TimeSpan.FromSeconds(90));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^sample \d+/\d+: offset (?<offset>-?[\d.E+-]+) ms, delay (?<delay>[\d.E+-]+) ms$")]
    private static partial System.Text.RegularExpressions.Regex SampleLine();
}

/// <summary>Finds a real pwsh: on PATH, or where <c>dotnet tool install --global</c> puts it (~/.dotnet/tools).</summary>
internal static class PwshLocator
{
    public static string? Path { get; } = Find();

    private static string? Find()
    {
        IEnumerable<string> directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"));
        return directories.Select(d => System.IO.Path.Combine(d, "pwsh")).FirstOrDefault(File.Exists);
    }
}

/// <summary>A fact that needs a real pwsh; skipped with the reason (and how to get one) elsewhere.</summary>
internal sealed class PwshFactAttribute : FactAttribute
{
    public PwshFactAttribute()
    {
        if (PwshLocator.Path is null)
        {
            Skip = "skipped: no pwsh on PATH or in ~/.dotnet/tools (dotnet tool install --global PowerShell --version 7.6.9)";
        }
    }
}
