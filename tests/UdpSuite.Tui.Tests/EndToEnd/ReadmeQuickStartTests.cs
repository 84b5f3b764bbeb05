using System.Diagnostics;
using System.Text.RegularExpressions;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Tui.Tests.EndToEnd;

/// <summary>
/// Runs the README's "Chat in one minute" as a newcomer would, line by line and in order, in a fresh home: the
/// <c>udpsuite server</c> line starts the real server (on ephemeral loopback ports instead of the defaults), the
/// <c>udpsuite chat</c> lines run the full-screen client in tmux, every other line runs in <c>sh</c> and must exit 0.
/// <c>udpsuite</c> on PATH is a two-line wrapper around the built binary that adds <c>--server</c> with the ephemeral
/// port: the only change made to the README's lines. A line added to the README's block is run too; a kind of line this
/// test does not know fails it.
/// </summary>
public sealed partial class ReadmeQuickStartTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "udpsuite-readme-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Tmux _tmux = new();
    private ServerProcess? _server;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "home"));
        Directory.CreateDirectory(Path.Combine(_root, "bin"));
        return Task.CompletedTask;
    }

    public void Dispose() => _tmux.Dispose();

    public async Task DisposeAsync()
    {
        _tmux.Dispose();
        await EndToEndCleanup.StopAsync(_server, _root);
    }

    [Fact(Timeout = 240_000)]
    public async Task Chat_in_one_minute_runs_as_written()
    {
        string[] lines = QuickStartLines();
        Assert.Equal("udpsuite server", Command(lines[0]));

        var chats = new List<(string User, string Peer)>();
        foreach (string line in lines)
        {
            string command = Command(line);
            if (command == "udpsuite server")
            {
                _server = await ServerProcess.StartAsync(ServerProcess.ChatServerArguments(Path.Combine(_root, "home", "server-data")));
                WriteWrapper();
            }
            else if (ChatLine().Match(command) is { Success: true } chat)
            {
                string user = chat.Groups["user"].Value;
                _tmux.Start(user, 100, 30, $"unset DisableRealDriverIO; {Environment()} timeout --foreground 180 env {command} 2>'{_root}/{user}-stderr.txt'; sleep 5");
                chats.Add((user, chat.Groups["peer"].Value));
                if (chats.Count == 2)
                {
                    await ChatAsync(chats[0], chats[1]); // the README says: type in the first, it arrives in the second
                }
            }
            else
            {
                await RunAndCheckAsync(command);
            }
        }

        Assert.True(chats.Count == 2, "the quick start opens two full-screen clients");
        (string sender, string recipient) = (chats[0].User, chats[1].User);
        await _tmux.WaitForAsync(recipient, s => s.Contains("hi from the command line", StringComparison.Ordinal), Wait, $"the command-line message at {recipient}");

        // The one-shot send ran as the sender while the sender's full-screen client was open (several sessions per
        // account): that client shows its copy, and the recipient still sees the sender online.
        await _tmux.WaitForAsync(sender, s => s.Contains("hi from the command line", StringComparison.Ordinal), Wait, $"the copy of the command-line message at {sender}");
        Assert.Contains($"{sender} (not in contacts.json) ● online", _tmux.Capture(recipient), StringComparison.Ordinal);
    }

    /// <summary>Both clients reach their main window; a line typed in the first arrives in the second.</summary>
    private async Task ChatAsync((string User, string Peer) first, (string User, string Peer) second)
    {
        await _tmux.WaitForAsync(first.User, s => s.Contains($"Message to {first.Peer}", StringComparison.Ordinal), Wait, $"{first.User}'s main window");
        await _tmux.WaitForAsync(second.User, s => s.Contains($"Message to {second.Peer}", StringComparison.Ordinal), Wait, $"{second.User}'s main window");
        _tmux.Type(first.User, "hello from the quick start 你好");
        await Task.Delay(300);
        _tmux.Keys(first.User, "Enter");
        await _tmux.WaitForAsync(second.User, s => s.Contains("hello from the quick start 你好", StringComparison.Ordinal), Wait, $"the typed line at {second.User}");
    }

    private async Task RunAndCheckAsync(string command)
    {
        var info = new ProcessStartInfo("sh") { WorkingDirectory = _root };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"{Environment()} {command}");
        (int code, string stdout, string stderr) = await ExternalProcess.RunAsync(info, TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"`{command}` exited {code}: {stdout}{stderr}");
        if (command.StartsWith("udpsuite time ", StringComparison.Ordinal))
        {
            Assert.Matches(TimeLine(), stdout);
        }
    }

    /// <summary>A fresh home and XDG folders, the wrapper first on PATH (an <c>export</c> statement for <c>sh</c>).</summary>
    private string Environment()
    {
        string home = Path.Combine(_root, "home");
        return $"export HOME='{home}' XDG_CONFIG_HOME='{home}/.config' XDG_DATA_HOME='{home}/.local/share' XDG_STATE_HOME='{home}/.local/state' " +
            $"PATH='{_root}/bin':\"$PATH\" UDPSUITE_Discovery__Broadcast=false;";
    }

    /// <summary><c>udpsuite</c> = the built binary, with <c>--server</c> naming the ephemeral port of the listener the command uses.</summary>
    private void WriteWrapper()
    {
        string path = Path.Combine(_root, "bin", "udpsuite");
        File.WriteAllText(path, $"""
            #!/bin/sh
            case "$1" in
              time) exec dotnet '{ServerProcess.CliPath}' "$@" --server {_server!.Endpoint("time-text")} ;;
              register|send|listen|chat|presence|group|contacts) exec dotnet '{ServerProcess.CliPath}' "$@" --server {_server.Endpoint("chat")} ;;
              *) exec dotnet '{ServerProcess.CliPath}' "$@" ;;
            esac

            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The indented lines between the README's quick-start markers.</summary>
    private static string[] QuickStartLines()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        int begin = readme.IndexOf("<!-- quick-start:begin -->", StringComparison.Ordinal);
        int end = readme.IndexOf("<!-- quick-start:end -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "README.md has the quick-start markers");
        string[] lines = [.. readme[begin..end].Split('\n').Skip(1).Where(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim())];
        Assert.NotEmpty(lines);
        return lines;
    }

    /// <summary>The line without its trailing <c>#</c> comment (the comments are for the reader).</summary>
    private static string Command(string line)
    {
        int comment = line.IndexOf(" #", StringComparison.Ordinal);
        return (comment < 0 ? line : line[..comment]).Trim();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UdpSuite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("UdpSuite.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^(UDPSUITE_PASSWORD=\S+ )?udpsuite chat --user (?<user>\S+) --open (?<peer>\S+)$")]
    private static partial Regex ChatLine();

    [GeneratedRegex(@"^[A-Z][a-z]+day \d\d [A-Z][a-z]+ \d{4}, \d\d:\d\d:\d\d \S+\n?$")]
    private static partial Regex TimeLine();
}
