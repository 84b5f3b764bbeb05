using System.Diagnostics;

namespace UdpSuite.Server.Tests.Integration;

/// <summary>
/// Shell completion through System.CommandLine's <c>[suggest:N]</c> directive: the directive itself, and the bash
/// script <c>udpsuite completion bash</c> prints, run in a real bash with <c>udpsuite</c> on PATH.
/// </summary>
public sealed class CompletionTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("udpsuite-completion-").FullName;

    public CompletionTests()
    {
        // A udpsuite command on PATH, as an installed tool would be.
        string wrapper = Path.Combine(_bin, "udpsuite");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{ServerProcess.CliPath}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task The_suggest_directive_completes_subcommands_and_options()
    {
        var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(["[suggest:2]", "se"], TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("send", Lines(stdout));
        Assert.Contains("server", Lines(stdout));

        // The directive matches the word under the cursor anywhere in a candidate; the shell scripts keep the prefix matches.
        (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(["[suggest:14]", "server --rfc86"], TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["--rfc868-port"], Lines(stdout));
    }

    [Fact]
    public async Task Completion_prints_a_script_for_each_shell_and_refuses_others()
    {
        foreach (string shell in (string[])["bash", "zsh", "pwsh"])
        {
            var (exitCode, stdout, _) = await ServerProcess.RunToExitAsync(["completion", shell], TimeSpan.FromSeconds(30));
            Assert.Equal(0, exitCode);
            Assert.Contains("[suggest:", stdout, StringComparison.Ordinal);
        }

        var (refused, _, error) = await ServerProcess.RunToExitAsync(["completion", "fish"], TimeSpan.FromSeconds(30));
        Assert.Equal(2, refused);
        Assert.Contains("fish", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("udpsuite se", "send server sessions")]
    [InlineData("udpsuite server --ntp", "--ntp-port")]
    [InlineData("udpsuite completion z", "zsh")]
    [InlineData("udpsuite time --zo", "--zone")]
    public async Task The_bash_script_completes_in_a_real_bash(string line, string expected)
    {
        // Source the script as a user would, then call its function as bash's completion does for `line` + Tab.
        string script = string.Join('\n',
            "eval \"$(udpsuite completion bash)\"",
            $"COMP_LINE='{line}'",
            "COMP_POINT=${#COMP_LINE}",
            "read -r -a COMP_WORDS <<<\"$COMP_LINE\"",
            "[[ \"$COMP_LINE\" == *' ' ]] && COMP_WORDS+=('')",
            "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))",
            "_udpsuite_complete",
            "printf '%s\\n' \"${COMPREPLY[@]}\" | sort | tr '\\n' ' '");
        var start = new ProcessStartInfo("bash", ["--norc", "--noprofile", "-c", script]);
        start.Environment["PATH"] = _bin + ":" + Environment.GetEnvironmentVariable("PATH");
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(start, TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(expected, stdout.Trim());
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
