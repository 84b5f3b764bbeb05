using System.Diagnostics;

namespace UdpSuite.Server.Tests.Integration;

/// <summary>
/// README "Install": the CLI packs as the .NET tool <c>udpsuite</c>, installs from a folder source and runs. The
/// package is made from the build the tests already use (<c>dotnet pack --no-build</c>), into a temporary folder, and
/// installed with <c>--tool-path</c> into another, with a private NuGet package cache: nothing of the user's changes.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _work = Directory.CreateTempSubdirectory("udpsuite-tool-").FullName;

    [Fact]
    public async Task Pack_then_tool_install_gives_a_udpsuite_command_that_runs()
    {
        string feed = Path.Combine(_work, "feed");
        string tools = Path.Combine(_work, "tools");
        var (exitCode, stdout, stderr) = await DotnetAsync(
            ["pack", Path.Combine(RepositoryRoot, "src", "UdpSuite.Cli", "UdpSuite.Cli.csproj"), "--no-build", "-c", Configuration, "-o", feed, "--nologo"]);
        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Single(Directory.GetFiles(feed, "udpsuite.*.nupkg"));

        (exitCode, stdout, stderr) = await DotnetAsync(["tool", "install", "--tool-path", tools, "--add-source", feed, "udpsuite"]);
        Assert.True(exitCode == 0, stdout + stderr);

        (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(Path.Combine(tools, "udpsuite"), ["--version"], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, stderr);
        Assert.StartsWith("0.", stdout.Trim(), StringComparison.Ordinal);

        // The installed command serves too: its configuration (appsettings.json) travels in the package.
        (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(Path.Combine(tools, "udpsuite"), ["server", "--print-config"], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("Server:Rfc868Port", stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    internal static string RepositoryRoot { get; } = FindRepositoryRoot();

    private Task<(int ExitCode, string StandardOutput, string StandardError)> DotnetAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _work };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A private package cache: an earlier udpsuite of the same version in ~/.nuget/packages would otherwise be reused.
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_work, "nuget-packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return ExternalProcess.RunAsync(start, TimeSpan.FromMinutes(5));
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UdpSuite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("UdpSuite.sln not found above " + AppContext.BaseDirectory);
    }
}
