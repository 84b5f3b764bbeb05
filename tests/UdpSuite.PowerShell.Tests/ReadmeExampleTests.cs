using System.Text.RegularExpressions;

namespace UdpSuite.PowerShell.Tests;

/// <summary>
/// Runs the ```powershell blocks of README's "Scripting from PowerShell" section (except those marked
/// "not run by the tests") against the real server: the default ports in the text become the fixture's ports.
/// </summary>
[Collection(ServerCollection.Name)]
public partial class ReadmeExampleTests(ServerFixture fixture)
{
    public static TheoryData<int> BlockIndexes() => [.. Enumerable.Range(0, RunnableBlocks().Count)];

    [Fact]
    public void The_section_has_the_promised_examples()
    {
        IReadOnlyList<string> blocks = RunnableBlocks();
        Assert.Contains(blocks, b => b.Contains("'Europe/London', 'America/New_York', 'Asia/Kolkata'", StringComparison.Ordinal));
        Assert.Contains(blocks, b => b.Contains("AvgRttMs", StringComparison.Ordinal) && b.Contains("MaxRttMs", StringComparison.Ordinal));
        Assert.Contains(blocks, b => b.Contains("Get-SntpTime", StringComparison.Ordinal) && b.Contains("OffsetMs", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BlockIndexes))]
    public void Example_runs_without_errors(int index)
    {
        string block = RunnableBlocks()[index]
            .Replace("./scripts/UdpSuite.psd1", ModuleHost.ManifestPath, StringComparison.Ordinal)
            .Replace(" 9000 ", $" {fixture.TimePort} ", StringComparison.Ordinal)
            .Replace(" 1123 ", $" {fixture.NtpPort} ", StringComparison.Ordinal)
            .Replace(" 8081 ", $" {fixture.ChatPort} ", StringComparison.Ordinal);
        string script = """
            $PSDefaultParameterValues['Get-UdpTime:Port'] = $TimePort
            $PSDefaultParameterValues['Get-SntpTime:Port'] = $NtpPort
            $PSDefaultParameterValues['Test-UdpSuiteServer:TimePort'] = $TimePort
            $PSDefaultParameterValues['Test-UdpSuiteServer:NtpPort'] = $NtpPort
            $PSDefaultParameterValues['Test-UdpSuiteServer:Rfc868Port'] = $Rfc868Port
            $PSDefaultParameterValues['Test-UdpSuiteServer:DaytimePort'] = $DaytimePort
            $PSDefaultParameterValues['Test-UdpSuiteServer:ChatPort'] = $ChatPort

            """ + block;
        // A caught -ErrorAction Stop error still lands in the engine's error stream: only that example may have one.
        bool catchesAnError = block.Contains("catch", StringComparison.Ordinal);
        ScriptRun run = catchesAnError ? ModuleHost.Run(script, fixture.Variables()) : ModuleHost.RunOk(script, fixture.Variables());
        string output = string.Join("\n", run.Output.Select(o => o?.ToString()));
        if (block.Contains("Asia/Kolkata", StringComparison.Ordinal))
        {
            Assert.Equal(3, run.Output.Count);
            Assert.Contains("Asia/Kolkata", output);
        }
        else if (block.Contains("Mars/Olympus", StringComparison.Ordinal))
        {
            Assert.StartsWith("refused: ERR zone", output);
        }
        else if (block.Contains("AvgRttMs", StringComparison.Ordinal))
        {
            var summary = Assert.Single(run.Output);
            Assert.Equal(20, (int)summary.Properties["Sent"].Value);
            Assert.Equal(20, (int)summary.Properties["Ok"].Value);
            Assert.True((double)summary.Properties["MaxRttMs"].Value >= (double)summary.Properties["AvgRttMs"].Value);
        }
        else if (block.Contains("Get-SntpTime", StringComparison.Ordinal))
        {
            Assert.StartsWith("clock OK: offset", output);
        }
        else if (block.Contains("Test-UdpSuiteServer", StringComparison.Ordinal))
        {
            Assert.Empty(run.Output); // every listener Ok
        }
        else if (!block.Contains("Import-Module", StringComparison.Ordinal))
        {
            Assert.NotEmpty(run.Output);
        }
    }

    private static IReadOnlyList<string> RunnableBlocks()
    {
        string readme = File.ReadAllText(Path.Combine(ModuleHost.RepositoryRoot, "README.md"));
        int start = readme.IndexOf("\n## Scripting from PowerShell", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no 'Scripting from PowerShell' section");
        int end = readme.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        string section = end < 0 ? readme[start..] : readme[start..end];
        return [.. FencedBlock().Matches(section).Where(m => !m.Groups["skip"].Success).Select(m => m.Groups["code"].Value)];
    }

    [GeneratedRegex(@"(?<skip><!-- not run by the tests[^>]*-->\s*\n)?```powershell\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
