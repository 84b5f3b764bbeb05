using System.Diagnostics;
using UdpSuite.Protocol.Security;
using UdpSuite.Security;
using UdpSuite.Server.Security;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Server.Tests.Security;

/// <summary><c>udpsuite server key</c> as a real process.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ServerKeyCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Prints_one_fingerprint_line_creating_the_key_with_private_modes_even_under_umask_000()
    {
        using var temp = new TemporaryDirectory();
        string dataDirectory = Path.Combine(temp.Path, "data");
        var start = new ProcessStartInfo("sh");
        foreach (string argument in (string[])["-c", "umask 000 && exec dotnet \"$0\" server key --data-dir \"$1\"", ServerProcess.CliPath, dataDirectory])
        {
            start.ArgumentList.Add(argument);
        }

        var (exit, stdout, stderr) = await ExternalProcess.RunAsync(start, Limit);
        Assert.True(exit == 0, stderr);
        Assert.Contains("created a new key", stderr);
        string line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(ServerKeyFingerprint.TryParse(line, out _), line);
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(dataDirectory));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(Path.Combine(dataDirectory, ServerIdentityStore.FileName)));

        var again = await ServerProcess.RunToExitAsync(["server", "key", "--data-dir", dataDirectory], Limit);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(stdout, again.StandardOutput);
        Assert.Equal("", again.StandardError);
    }

    [Fact]
    public async Task Without_data_dir_it_uses_the_servers_default_under_XDG_DATA_HOME()
    {
        using var temp = new TemporaryDirectory();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(ServerProcess.CliPath);
        start.ArgumentList.Add("server");
        start.ArgumentList.Add("key");
        start.Environment["HOME"] = temp.Path;
        start.Environment["XDG_DATA_HOME"] = Path.Combine(temp.Path, "share");
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("UDPSUITE_", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(key);
        }

        var (exit, stdout, stderr) = await ExternalProcess.RunAsync(start, Limit);
        Assert.True(exit == 0, stderr);
        using ServerIdentity identity = ServerIdentityStore.LoadOrCreate(Path.Combine(temp.Path, "share", "udpsuite", "server"));
        Assert.False(identity.Created);
        Assert.Equal(identity.Fingerprint + "\n", stdout);
    }

    [Fact]
    public async Task A_corrupt_key_exits_1_with_one_clear_line()
    {
        using var temp = new TemporaryDirectory();
        PrivateFiles.WriteAllBytesAtomically(Path.Combine(temp.Path, ServerIdentityStore.FileName), "not a key"u8);
        var (exit, stdout, stderr) = await ServerProcess.RunToExitAsync(["server", "key", "--data-dir", temp.Path], Limit);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("udpsuite server key: the server key ", stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
