using System.Diagnostics;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Server.Tests.Hosting;

/// <summary>
/// deploy/udpsuite.service: <c>systemd-analyze verify</c> accepts it with no warning (an unknown or misspelt key is a
/// warning there, not an error), and it keeps the hardening README promises. Skipped with the reason where
/// systemd-analyze is not installed.
/// </summary>
public sealed class SystemdUnitTests : IDisposable
{
    private const string InstalledPath = "/opt/udpsuite/udpsuite";

    private readonly string _work = Directory.CreateTempSubdirectory("udpsuite-unit-").FullName;

    private static string UnitPath { get; } = Path.Combine(ToolPackageTests.RepositoryRoot, "deploy", "udpsuite.service");

    [SystemdAnalyzeFact]
    public async Task Systemd_analyze_verify_accepts_the_unit_without_a_warning()
    {
        // verify checks that ExecStart's program exists: point it at an executable stand-in for the installed one.
        string program = Path.Combine(_work, "udpsuite");
        await File.WriteAllTextAsync(program, "#!/bin/sh\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        string unit = Path.Combine(_work, "udpsuite.service");
        string text = await File.ReadAllTextAsync(UnitPath);
        Assert.Contains(InstalledPath, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(unit, text.Replace(InstalledPath, program, StringComparison.Ordinal));

        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(new ProcessStartInfo("systemd-analyze", ["verify", unit]), TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Equal(string.Empty, (stdout + stderr).Trim());
    }

    [Fact]
    public void The_unit_runs_unprivileged_hardened_and_as_a_notify_service()
    {
        string[] lines = File.ReadAllLines(UnitPath);
        foreach (string expected in (string[])[
            "Type=notify", "DynamicUser=yes", "StateDirectory=udpsuite", "AmbientCapabilities=CAP_NET_BIND_SERVICE",
            "CapabilityBoundingSet=CAP_NET_BIND_SERVICE", "ProtectSystem=strict", "NoNewPrivileges=yes", "StandardError=journal"])
        {
            Assert.Contains(expected, lines);
        }

        string execStart = Assert.Single(lines, l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
        Assert.Contains("--data-dir %S/udpsuite", execStart, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}

/// <summary>A fact that needs systemd-analyze; skipped with the reason elsewhere.</summary>
internal sealed class SystemdAnalyzeFactAttribute : FactAttribute
{
    public SystemdAnalyzeFactAttribute()
    {
        if (!File.Exists("/usr/bin/systemd-analyze") && !File.Exists("/bin/systemd-analyze"))
        {
            Skip = "skipped: systemd-analyze is not installed (Debian package systemd)";
        }
    }
}
