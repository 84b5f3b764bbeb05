using System.Text.RegularExpressions;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Tui.Tests.EndToEnd;

/// <summary>
/// The real <c>udpsuite chat</c> in tmux at 80x24 against the real server: two users (one on TERM=xterm-256color, one on
/// TERM=screen with NO_COLOR) chat in CJK, Ctrl+T shows a time reply in the requested format, F5 an SNTP result, Ctrl+Q
/// exits with code 0. The screens are saved next to the test binary
/// (screenshots/*.txt) for docs/screenshots.
/// </summary>
public sealed partial class TmuxChatTests : IAsyncLifetime, IDisposable
{
    private const string Password = "correct horse 电池";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "udpsuite-e2e-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Tmux _tmux = new();
    private ServerProcess? _server;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _server = await ServerProcess.StartAsync(ServerProcess.ChatServerArguments(Path.Combine(_root, "data")));
        foreach (string user in new[] { "狗哥alex", "瞎驴" })
        {
            (int code, string output) = await UdpSuiteCli.RunAsync(Password, "register", "--server", _server.Endpoint("chat").ToString(), "--user", user);
            Assert.True(code == 0, $"register {user}: {output}");
        }

        // The address book names the ephemeral servers: the client takes them from contacts.json.
        string sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contacts.json"))
            .Replace("127.0.0.1:8081", _server.Endpoint("chat").ToString(), StringComparison.Ordinal)
            .Replace("127.0.0.1:9000", _server.Endpoint("time-text").ToString(), StringComparison.Ordinal)
            .Replace("127.0.0.1:1123", _server.Endpoint("sntp").ToString(), StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_root, "contacts.json"), sample);
    }

    public void Dispose() => _tmux.Dispose();

    public async Task DisposeAsync()
    {
        _tmux.Dispose();
        await EndToEndCleanup.StopAsync(_server, _root);
    }

    [Fact(Timeout = 180_000)]
    public async Task Two_users_chat_in_CJK_time_panel_answers_and_Ctrl_Q_exits_0()
    {
        StartChat("alex", "狗哥alex", "瞎驴", "TERM=xterm-256color");
        StartChat("lv", "瞎驴", "狗哥alex", "TERM=screen NO_COLOR=1");
        await _tmux.WaitForAsync("alex", s => s.Contains("Message to 瞎驴", StringComparison.Ordinal), Wait, "alex's main window");
        await _tmux.WaitForAsync("lv", s => s.Contains("Message to 狗哥alex", StringComparison.Ordinal), Wait, "瞎驴's main window");

        _tmux.Type("alex", "你好 瞎驴，今晚吃炊饼 🍞");
        await Task.Delay(300);
        _tmux.Keys("alex", "Enter");

        string lv = await _tmux.WaitForAsync("lv", s => s.Contains("今晚吃炊饼", StringComparison.Ordinal), Wait, "the message at 瞎驴");
        Assert.Matches(SenderHeading(), lv);
        string alex = await _tmux.WaitForAsync("alex", s => s.Contains("✓✓ read", StringComparison.Ordinal), Wait, "the read mark at alex");
        Save("chat-sender.txt", alex);
        Save("chat-recipient.txt", lv);

        // A long paste (well over one datagram) arrives whole: the library fragments and reassembles it.
        string longText = string.Concat(Enumerable.Repeat("一棵树 the quick brown fox 武大郎 ", 60)) + "END-OF-LONG";
        _tmux.Type("alex", longText);
        await Task.Delay(500);
        _tmux.Keys("alex", "Enter");
        await _tmux.WaitForAsync("lv", s => s.Contains("END-OF-LONG", StringComparison.Ordinal), Wait, "the end of the long message at 瞎驴");

        _tmux.Keys("alex", "C-t");
        // Both lines are waited for together: a capture can land between two writes of one frame.
        await _tmux.WaitForAsync("alex", s => TimeReply().IsMatch(s) && s.Contains("Round trip:", StringComparison.Ordinal), Wait, "a %Y-%m-%d %X time reply and its round trip");
        _tmux.Keys("alex", "F5");
        alex = await _tmux.WaitForAsync("alex", s => s.Contains("stratum", StringComparison.Ordinal), Wait, "the SNTP result");
        Save("time-panel.txt", alex);

        _tmux.Keys("alex", "F1");
        Save("help.txt", await _tmux.WaitForAsync("alex", s => s.Contains("Help: keys", StringComparison.Ordinal), Wait, "the help panel"));

        _tmux.Keys("alex", "Escape");
        _tmux.Resize("alex", 70, 20);
        Save("resized-70x20.txt", await _tmux.WaitForAsync("alex", s => s.Contains("END-OF-LONG", StringComparison.Ordinal) && s.Split('\n')[0].TrimEnd().Length <= 70, Wait, "the conversation after a resize to 70x20"));

        _tmux.Keys("alex", "C-q");
        _tmux.Keys("lv", "C-q");
        string alexExit = await ExitCodeAsync("alex");
        string lvExit = await ExitCodeAsync("lv");
        Assert.True(alexExit == "0", $"alex: {alexExit}");
        Assert.True(lvExit == "0", $"lv: {lvExit}");
    }

    private void StartChat(string session, string user, string open, string terminal)
    {
        string dir = Path.Combine(_root, session);
        Directory.CreateDirectory(dir);
        string command =
            // The test host sets DisableRealDriverIO for the headless tests; the real client must not inherit it.
            $"unset DisableRealDriverIO; cd '{dir}' && UDPSUITE_PASSWORD='{Password}' XDG_DATA_HOME='{dir}' HOME='{dir}' {terminal} " +
            $"timeout --foreground 120 dotnet '{ServerProcess.CliPath}' chat --contacts '{Path.Combine(_root, "contacts.json")}' --user '{user}' --open '{open}' 2>stderr.txt; " +
            "echo $? > exit.txt; sleep 2";
        _tmux.Start(session, 80, 24, command);
    }

    private async Task<string> ExitCodeAsync(string session)
    {
        string path = Path.Combine(_root, session, "exit.txt");
        for (int i = 0; i < 150 && !(File.Exists(path) && new FileInfo(path).Length > 0); i++)
        {
            await Task.Delay(200);
        }

        string stderr = Path.Combine(_root, session, "stderr.txt");
        string errors = File.Exists(stderr) ? File.ReadAllText(stderr) : string.Empty;
        if (!File.Exists(path))
        {
            return $"no exit; stderr: {errors}";
        }

        string code = File.ReadAllText(path).Trim();
        return code == "0" ? code : $"{code}; stderr: {errors}"; // a failure says why
    }

    private static void Save(string name, string screen)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name), screen);
    }

    [GeneratedRegex(@"狗哥alex \d\d:\d\d\s")]
    private static partial Regex SenderHeading();

    [GeneratedRegex(@"Reply: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d")]
    private static partial Regex TimeReply();
}
