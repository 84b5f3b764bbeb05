using System.Security.Cryptography;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Tui.Tests.EndToEnd;

/// <summary>
/// The real <c>udpsuite chat</c> in tmux against a real server whose key differs from the pin in a temporary
/// XDG_CONFIG_HOME: the refusal is shown full screen, where the user looks (both fingerprints, the known_servers line),
/// and after Quit the client exits with code 3 and the same text on stderr.
/// </summary>
public sealed class TmuxServerKeyTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "udpsuite-e2e-key-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Tmux _tmux = new();
    private ServerProcess? _server;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _server = await ServerProcess.StartAsync(ServerProcess.ChatServerArguments(Path.Combine(_root, "data")));
    }

    public void Dispose() => _tmux.Dispose();

    public async Task DisposeAsync()
    {
        _tmux.Dispose();
        await EndToEndCleanup.StopAsync(_server, _root);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_changed_server_key_is_shown_full_screen_with_both_fingerprints_then_exits_3()
    {
        (int keyCode, string keyOutput) = await UdpSuiteCli.RunAsync("unused", "server", "key", "--data-dir", Path.Combine(_root, "data"));
        Assert.True(keyCode == 0, keyOutput);
        string presented = keyOutput.Trim();
        Assert.StartsWith("SHA256:", presented, StringComparison.Ordinal);
        string pinned = "SHA256:" + Convert.ToBase64String(SHA256.HashData(RandomNumberGenerator.GetBytes(32))).TrimEnd('=');
        string address = _server!.Endpoint("chat").ToString();
        string config = Path.Combine(_root, "config");
        Directory.CreateDirectory(Path.Combine(config, "udpsuite"));
        string pins = Path.Combine(config, "udpsuite", "known_servers");
        await File.WriteAllTextAsync(pins, $"# the server's old key\n{address} {pinned}\n");

        string command =
            // The test host sets DisableRealDriverIO for the headless tests; the real client must not inherit it.
            $"unset DisableRealDriverIO; cd '{_root}' && UDPSUITE_PASSWORD='pw' HOME='{_root}' XDG_CONFIG_HOME='{config}' XDG_DATA_HOME='{_root}' " +
            $"timeout --foreground 90 dotnet '{ServerProcess.CliPath}' chat --server '{address}' --user alice 2>stderr.txt; echo $? > exit.txt; sleep 2";
        _tmux.Start("key", 120, 40, command);

        string screen = await _tmux.WaitForAsync(
            "key", s => s.Contains(pinned, StringComparison.Ordinal) && s.Contains(presented, StringComparison.Ordinal), Wait, "both fingerprints");
        Assert.Contains($"THE KEY OF SERVER {address} HAS CHANGED", screen, StringComparison.Ordinal);
        Assert.Contains("known_servers", screen, StringComparison.Ordinal);
        Assert.Contains("Quit", screen, StringComparison.Ordinal);

        _tmux.Keys("key", "Enter");
        string exit = Path.Combine(_root, "exit.txt");
        for (int i = 0; i < 150 && !(File.Exists(exit) && new FileInfo(exit).Length > 0); i++)
        {
            await Task.Delay(200);
        }

        string stderr = await File.ReadAllTextAsync(Path.Combine(_root, "stderr.txt"));
        Assert.True(File.Exists(exit), $"no exit; stderr: {stderr}");
        Assert.Equal("3", (await File.ReadAllTextAsync(exit)).Trim());
        Assert.Contains(pinned, stderr, StringComparison.Ordinal);
        Assert.Contains(presented, stderr, StringComparison.Ordinal);
        Assert.Contains($"{pins} line 2", stderr, StringComparison.Ordinal);
        Assert.Equal($"# the server's old key\n{address} {pinned}\n", await File.ReadAllTextAsync(pins)); // not re-pinned
    }
}
