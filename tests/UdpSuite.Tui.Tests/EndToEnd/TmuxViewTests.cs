using System.Globalization;
using System.Text;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Integration;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.History;

namespace UdpSuite.Tui.Tests.EndToEnd;

/// <summary>One real server on loopback with 狗哥alex and 瞎驴 registered (一棵树 stays unknown to it), shared by <see cref="TmuxViewTests"/>.</summary>
public sealed class TmuxViewServer : IAsyncLifetime
{
    public const string Password = "correct horse 电池";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "udpsuite-view-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    public ServerProcess? Server { get; private set; }

    public string ContactsPath => Path.Combine(Root, "contacts.json");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        Server = await ServerProcess.StartAsync(ServerProcess.ChatServerArguments(Path.Combine(Root, "data")));
        foreach (string user in new[] { "狗哥alex", "瞎驴" })
        {
            (int code, string output) = await UdpSuiteCli.RunAsync(Password, "register", "--server", Server.Endpoint("chat").ToString(), "--user", user);
            Assert.True(code == 0, $"register {user}: {output}");
        }

        string sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contacts.json"))
            .Replace("127.0.0.1:8081", Server.Endpoint("chat").ToString(), StringComparison.Ordinal)
            .Replace("127.0.0.1:9000", Server.Endpoint("time-text").ToString(), StringComparison.Ordinal)
            .Replace("127.0.0.1:1123", Server.Endpoint("sntp").ToString(), StringComparison.Ordinal);
        File.WriteAllText(ContactsPath, sample);
    }

    public async Task DisposeAsync()
    {
        await EndToEndCleanup.StopAsync(Server, Root);
    }
}

/// <summary>
/// Issue 17, items 5-9 and 11 in the real <c>udpsuite chat</c> in tmux, at 80x24 and 120x40: a 5,000-character CJK
/// and emoji bracketed paste (tmux <c>paste-buffer -p</c>) and Alt+Enter as tmux sends it (ESC CR) reach the peer byte
/// for byte; scrolling back, the "n new" marker, days, failure reasons, search, the window title, the time panel beside
/// the conversation, F9, the narrow layout and NO_COLOR. Screens are saved for docs/screenshots.
/// </summary>
public sealed class TmuxViewTests(TmuxViewServer fixture) : IClassFixture<TmuxViewServer>, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly Tmux _tmux = new();
    private readonly string _root = Path.Combine(fixture.Root, Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => _tmux.Dispose();

    [Theory(Timeout = 240_000)]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public async Task Pastes_of_5000_CJK_and_2000_ASCII_and_Alt_Enter_reach_the_peer_byte_identical(int width, int height)
    {
        StartChat("alex", "狗哥alex", "瞎驴", width, height, string.Empty);
        StartChat("lv", "瞎驴", "狗哥alex", width, height, string.Empty);
        await _tmux.WaitForAsync("alex", s => s.Contains("Message to 瞎驴", StringComparison.Ordinal), Wait, "alex's main window");
        await _tmux.WaitForAsync("lv", s => s.Contains("Message to 狗哥alex", StringComparison.Ordinal), Wait, "瞎驴's main window");

        // 2,000 ASCII characters: shown in the input at once, without another key.
        string ascii = new string('x', 1991) + "END-ASCII";
        Paste("alex", ascii);
        await _tmux.WaitForAsync("alex", s => s.Contains("END-ASCII", StringComparison.Ordinal), Wait, "the ASCII paste in the input line");
        _tmux.Keys("alex", "Enter");

        // 5,000 CJK characters and emoji (UTF-8 of 3 and 4 bytes: every read boundary cuts one somewhere).
        // 5,000 characters: six CJK (3 UTF-8 bytes each) then an emoji (4 bytes, a surrogate pair), over and over.
        string cjk = string.Concat(Enumerable.Range(0, 5000).Select(i => i % 7 == 6 ? "🍞" : "一棵树武大郎"[i % 7].ToString())) + "END-OF-CJK";
        Paste("alex", cjk);
        string pasted = await _tmux.WaitForAsync("alex", s => s.Contains("END-OF-CJK", StringComparison.Ordinal), Wait, "the CJK paste in the input line");
        Assert.DoesNotContain("lost characters", pasted);
        Assert.DoesNotContain("\uFFFD", pasted);
        _tmux.Keys("alex", "Enter");

        // Alt+Enter as tmux sends it (ESC CR), then text right after it.
        _tmux.Type("alex", "第一行");
        _tmux.Keys("alex", "M-Enter");
        _tmux.Type("alex", "second 🍞");
        Save($"compose-multiline-{width}x{height}.txt", await _tmux.WaitForAsync("alex", s => s.Contains("(+1 line) 第一行", StringComparison.Ordinal) && s.Contains("second 🍞", StringComparison.Ordinal), Wait, "the kept line and the new one"));
        _tmux.Keys("alex", "Enter");

        await _tmux.WaitForAsync("lv", s => s.Contains("second 🍞", StringComparison.Ordinal), Wait, "the multi-line message at 瞎驴");
        Save($"paste-recipient-{width}x{height}.txt", _tmux.Capture("lv"));
        IReadOnlyList<string> received = await ReceivedAsync("瞎驴", 3);
        Assert.Contains(ascii, received);
        Assert.Contains(cjk, received);
        Assert.Contains("第一行\nsecond 🍞", received);
        Assert.Equal(Encoding.UTF8.GetBytes(cjk), Encoding.UTF8.GetBytes(received.Single(t => t.EndsWith("END-OF-CJK", StringComparison.Ordinal))));

        // Quit once the server's receipts are in (Ctrl+Q would ask about messages still sending).
        await _tmux.WaitForAsync("alex", s => !s.Contains("[sending]", StringComparison.Ordinal) && s.Contains('✓', StringComparison.Ordinal), Wait, "the sent marks at alex");
        await QuitAsync("alex", "lv");
    }

    [Theory(Timeout = 300_000)]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public async Task Scroll_back_new_marker_failures_search_title_time_panel_menu_and_narrow_layout(int width, int height)
    {
        // alex's history already holds 60 messages of 瞎驴 from yesterday, one of them about 炊饼.
        DateTimeOffset yesterday = DateTimeOffset.Now.AddDays(-1);
        Directory.CreateDirectory(Path.Combine(_root, "alex"));
        using (var history = new ChatHistory(ChatHistory.DefaultPath("狗哥alex", name => name == "XDG_DATA_HOME" ? Path.Combine(_root, "alex") : null)))
        {
            for (int i = 0; i < 60; i++)
            {
                history.Save(new ConversationMessage(Guid.NewGuid(), "瞎驴", "瞎驴", i == 5 ? "炊饼 在老地方 🍞" : $"旧消息 {i}", yesterday.AddMinutes(i), outgoing: false, DeliveryState.Read));
            }
        }

        StartChat("alex", "狗哥alex", "瞎驴", width, height, string.Empty);
        StartChat("lv", "瞎驴", "狗哥alex", width, height, "NO_COLOR=1");
        await _tmux.WaitForAsync("alex", s => s.Contains("旧消息 59", StringComparison.Ordinal), Wait, "alex's conversation at its newest");
        await _tmux.WaitForAsync("lv", s => s.Contains("Message to 狗哥alex", StringComparison.Ordinal), Wait, "瞎驴's main window");
        string day = yesterday.ToLocalTime().ToString("ddd yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Scrolled back, a new message does not move the view: a marker counts it; Ctrl+End goes to it.
        _tmux.Keys("alex", "PageUp", "PageUp");
        await _tmux.WaitForAsync("alex", s => !s.Contains("旧消息 59", StringComparison.Ordinal), Wait, "the view scrolled back");
        _tmux.Type("lv", "新消息 你好");
        _tmux.Keys("lv", "Enter");
        string marked = await _tmux.WaitForAsync("alex", s => s.Contains("▼ 1 new message below", StringComparison.Ordinal), Wait, "the n-new marker");
        Assert.DoesNotContain("新消息 你好", marked);
        Save($"scrolled-back-{width}x{height}.txt", marked);
        _tmux.Keys("alex", "C-End");
        await _tmux.WaitForAsync("alex", s => s.Contains("新消息 你好", StringComparison.Ordinal) && !s.Contains("new message below", StringComparison.Ordinal), Wait, "the newest message after Ctrl+End");

        // The day separator of yesterday, further back.
        for (int i = 0; i < 20; i++)
        {
            _tmux.Keys("alex", "PageUp");
        }

        Save($"day-separator-{width}x{height}.txt", await _tmux.WaitForAsync("alex", s => s.Contains(day, StringComparison.Ordinal), Wait, "the day line " + day));
        _tmux.Keys("alex", "C-End");

        // 一棵树 has no account on this server: the failure says so and offers no retry.
        _tmux.Keys("alex", "C-n");
        await _tmux.WaitForAsync("alex", s => s.Contains("Message to 一棵树", StringComparison.Ordinal), Wait, "the conversation with 一棵树");
        _tmux.Type("alex", "在吗");
        _tmux.Keys("alex", "Enter");
        string failed = await _tmux.WaitForAsync("alex", s => s.Contains("no such account", StringComparison.Ordinal), Wait, "the unknown-account failure");
        Assert.DoesNotContain("Ctrl+R retries", failed);
        Save($"failed-unknown-account-{width}x{height}.txt", failed);

        // A message for the conversation not in view: the window title counts it.
        _tmux.Type("lv", "你在哪");
        _tmux.Keys("lv", "Enter");
        await WaitForTitleAsync("alex", "(1) UdpSuite");

        // Search: sender → recipient, and Enter opens the conversation at the message.
        _tmux.Keys("alex", "C-f");
        await _tmux.WaitForAsync("alex", s => s.Contains("Search history", StringComparison.Ordinal), Wait, "the search panel");
        _tmux.Type("alex", "炊饼");
        _tmux.Keys("alex", "Enter");
        Save($"search-{width}x{height}.txt", await _tmux.WaitForAsync("alex", s => s.Contains("瞎驴 → 狗哥alex", StringComparison.Ordinal), Wait, "the search result"));
        _tmux.Keys("alex", "Enter");
        await _tmux.WaitForAsync("alex", s => s.Contains("Message to 瞎驴", StringComparison.Ordinal) && s.Contains("炊饼 在老地方", StringComparison.Ordinal), Wait, "the conversation opened at the result");
        await WaitForTitleAsync("alex", "UdpSuite");

        // The time panel beside the conversation.
        _tmux.Keys("alex", "C-End", "C-t");
        Save($"time-beside-{width}x{height}.txt", await _tmux.WaitForAsync("alex", s => s.Contains("Reply:", StringComparison.Ordinal) && s.Contains("你在哪", StringComparison.Ordinal), Wait, "the time reply beside the conversation"));
        _tmux.Keys("alex", "Escape");
        await _tmux.WaitForAsync("alex", s => !s.Contains("Reply:", StringComparison.Ordinal), Wait, "the time panel closed by Esc");

        // F9 opens the File menu, Right the Chat menu (every action is there); borders stay put over wide characters.
        _tmux.Keys("alex", "F9");
        await _tmux.WaitForAsync("alex", s => s.Split('\n').Skip(1).Take(3).Any(row => row.Contains("Quit", StringComparison.Ordinal)), Wait, "the File menu");
        _tmux.Keys("alex", "Right");
        string menu = await _tmux.WaitForAsync("alex", s => s.Contains("Copy message", StringComparison.Ordinal) && s.Contains("Retry failed", StringComparison.Ordinal), Wait, "the Chat menu");
        Save($"menu-{width}x{height}.txt", menu);
        AssertRowsFit(menu, width);
        _tmux.Keys("alex", "Escape");
        await _tmux.WaitForAsync("alex", s => !s.Contains("Copy message", StringComparison.Ordinal), Wait, "the menu closed by Esc");

        // NO_COLOR: 瞎驴's screen carries no colour at all.
        string colours = _tmux.Run("capture-pane", "-e", "-p", "-t", "lv");
        Assert.DoesNotMatch(@"\x1b\[[0-9;]*(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]", colours);

        // Below 70 columns the contacts pane gives way; F6 brings it back.
        _tmux.Resize("alex", 60, 20);
        string narrow = await _tmux.WaitForAsync("alex", s => !s.Contains("Find:", StringComparison.Ordinal) && s.Contains("Message to 瞎驴", StringComparison.Ordinal) && s.Split('\n').All(row => UdpSuite.Tui.Text.TextWrapper.Columns(row.TrimEnd()) <= 60), Wait, "the narrow layout");
        Save("narrow-60x20.txt", narrow);
        _tmux.Keys("alex", "F6");
        await _tmux.WaitForAsync("alex", s => s.Contains("Find:", StringComparison.Ordinal), Wait, "the contacts after F6");

        await QuitAsync("alex", "lv");
    }

    private string CaptureOrNothing(string session)
    {
        try
        {
            return _tmux.Capture(session);
        }
        catch (InvalidOperationException)
        {
            return "(the session has ended)";
        }
    }

    private static void AssertRowsFit(string screen, int width)
    {
        foreach (string row in screen.Split('\n'))
        {
            Assert.True(UdpSuite.Tui.Text.TextWrapper.Columns(row.TrimEnd()) <= width, $"row wider than {width}: {row}");
        }
    }

    private static void Save(string name, string screen)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name), screen);
    }

    private void Paste(string session, string text)
    {
        string file = Path.Combine(_root, $"paste-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, text, new UTF8Encoding(false));
        _tmux.Run("load-buffer", "-b", "p", file);
        _tmux.Run("paste-buffer", "-p", "-d", "-b", "p", "-t", session); // -p: bracketed, as the client asked for it
    }

    private async Task WaitForTitleAsync(string session, string title)
    {
        for (int i = 0; i < 300; i++)
        {
            if (_tmux.Run("display-message", "-p", "-t", session, "#{pane_title}").Trim() == title)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"the title of {session} never became '{title}': '{_tmux.Run("display-message", "-p", "-t", session, "#{pane_title}").Trim()}'");
    }

    /// <summary>The texts <paramref name="user"/>'s client stored from 狗哥alex, once there are at least <paramref name="count"/>.</summary>
    private async Task<IReadOnlyList<string>> ReceivedAsync(string user, int count)
    {
        string path = ChatHistory.DefaultPath(user, name => name == "XDG_DATA_HOME" ? Path.Combine(_root, "lv") : null);
        List<string> texts = [];
        for (int i = 0; i < 150; i++)
        {
            using (var history = new ChatHistory(path))
            {
                texts = [.. history.LoadAll().Where(m => !m.Outgoing && m.Peer == "狗哥alex").Select(m => m.Text)];
            }

            if (texts.Count >= count)
            {
                break;
            }

            await Task.Delay(200);
        }

        return texts;
    }

    private void StartChat(string session, string user, string open, int width, int height, string environment)
    {
        string dir = Path.Combine(_root, session);
        Directory.CreateDirectory(dir);
        string command =
            $"unset DisableRealDriverIO; cd '{dir}' && UDPSUITE_PASSWORD='{TmuxViewServer.Password}' XDG_DATA_HOME='{dir}' XDG_CONFIG_HOME='{dir}/.config' HOME='{dir}' TERM=xterm-256color {environment} " +
            $"timeout --foreground 200 dotnet '{ServerProcess.CliPath}' chat --contacts '{fixture.ContactsPath}' --user '{user}' --open '{open}' 2>stderr.txt; " +
            "echo $? > exit.txt; sleep 2";
        _tmux.Start(session, width, height, command);
    }

    private async Task QuitAsync(params string[] sessions)
    {
        foreach (string session in sessions)
        {
            _tmux.Keys(session, "C-q");
        }

        foreach (string session in sessions)
        {
            string path = Path.Combine(_root, session, "exit.txt");
            for (int i = 0; i < 300 && !(File.Exists(path) && new FileInfo(path).Length > 0); i++)
            {
                await Task.Delay(200);
            }

            string stderr = Path.Combine(_root, session, "stderr.txt");
            Assert.True(
                File.Exists(path) && File.ReadAllText(path).Trim() == "0",
                $"{session} did not exit with 0; stderr: {(File.Exists(stderr) ? File.ReadAllText(stderr) : string.Empty)}; screen:\n{CaptureOrNothing(session)}");
        }
    }
}
