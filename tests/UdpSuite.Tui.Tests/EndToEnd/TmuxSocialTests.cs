using System.Diagnostics;
using System.Text.Json.Nodes;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Tui.Tests.EndToEnd;

/// <summary>
/// The real <c>udpsuite chat</c> in tmux against a real server on loopback, each user with fresh HOME and XDG
/// directories: the first run (discovery through the configured-hosts path, never a broadcast, then registration),
/// group conversations, contacts, my presence, and the outage banner; at 80x24 and 120x40, in CJK with emoji. Screens
/// are saved next to the test binary (screenshots/*.txt) for docs/screenshots.
/// </summary>
public sealed class TmuxSocialTests : IAsyncLifetime, IDisposable
{
    private const string Password = "炊饼 password 🍞";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "udpsuite-social-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Tmux _tmux = new();
    private ServerProcess? _server;

    private string Chat => _server!.Endpoint("chat").ToString();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _server = await ServerProcess.StartAsync(
            [.. ServerProcess.ChatServerArguments(Path.Combine(_root, "data")), "--discovery-port", "0", "--server-name", "水浒-server"],
            expectedListeners: ["chat", "discovery"]);
    }

    public void Dispose() => _tmux.Dispose();

    public async Task DisposeAsync()
    {
        _tmux.Dispose();
        await EndToEndCleanup.StopAsync(_server, _root);
    }

    [Fact(Timeout = 180_000)]
    public async Task First_run_finds_the_loopback_server_registers_and_saves_an_empty_personal_address_book()
    {
        string home = UserHome("wu");
        string discovery = _server!.Endpoint("discovery").ToString();
        _tmux.Start("wu", 80, 24, ChatCommand(home, string.Empty, $"UDPSUITE_Discovery__Hosts='{discovery}' UDPSUITE_Discovery__Broadcast=false"));

        string screen = await _tmux.WaitForAsync("wu", s => s.Contains("1 server found", StringComparison.Ordinal), Wait, "the discovered server");
        Assert.Contains($"水浒-server  {Chat}  SHA256:", screen);
        Save("first-run-servers.txt", screen);
        _tmux.Keys("wu", "Enter");
        await _tmux.WaitForAsync("wu", s => s.Contains("compare it with", StringComparison.Ordinal), Wait, "the server's key");
        _tmux.Keys("wu", "M-n");
        await _tmux.WaitForAsync("wu", s => s.Contains("Password again:", StringComparison.Ordinal), Wait, "the registration fields");
        _tmux.Type("wu", "武大郎");
        _tmux.Keys("wu", "Enter");
        _tmux.Type("wu", Password);
        _tmux.Keys("wu", "Enter");
        _tmux.Type("wu", Password);
        string mask = new('∙', Password.EnumerateRunes().Count());
        screen = await _tmux.WaitForAsync("wu", s => s.Split(mask).Length == 3, Wait, "both passwords masked, one mark per character");
        Assert.DoesNotContain("炊饼", screen, StringComparison.Ordinal); // never echoed
        Save("first-run-account.txt", screen);
        _tmux.Keys("wu", "Enter");

        screen = await _tmux.WaitForAsync("wu", s => s.Contains("● online", StringComparison.Ordinal), Wait, "the main window after registering");
        Assert.DoesNotContain("一棵树", screen); // the shipped sample is never loaded
        JsonObject book = JsonNode.Parse(File.ReadAllText(Path.Combine(home, "config", "udpsuite", "contacts.json")))!.AsObject();
        Assert.Equal("武大郎", book["me"]!["user"]!.GetValue<string>());
        Assert.Equal(Chat, book["servers"]!["chat"]!.GetValue<string>());
        Assert.Empty(book["contacts"]!.AsObject());

        _tmux.Keys("wu", "C-q");
        Assert.Equal("0", await ExitCodeAsync("wu"));
    }

    [Fact(Timeout = 240_000)]
    public async Task Group_messages_land_in_the_group_under_their_sender_and_the_sender_sees_the_counts()
    {
        await RegisterAsync("alex", "狗哥alex");
        await RegisterAsync("lv", "瞎驴");
        _tmux.Start("alex", 120, 40, ChatCommand(UserHome("alex"), $"--server '{Chat}' --user '狗哥alex'", $"UDPSUITE_PASSWORD='{Password}'"));
        await _tmux.WaitForAsync("alex", s => s.Contains("● online", StringComparison.Ordinal), Wait, "alex's main window");

        // Ctrl+G: the new-group form (name, optional invite code).
        _tmux.Keys("alex", "C-g");
        await _tmux.WaitForAsync("alex", s => s.Contains("Group name:", StringComparison.Ordinal), Wait, "the new-group form");
        _tmux.Type("alex", "水浒 🏯");
        _tmux.Keys("alex", "Enter");
        _tmux.Keys("alex", "Enter");
        await _tmux.WaitForAsync("alex", s => s.Contains("# 水浒 🏯", StringComparison.Ordinal) && s.Contains("Message to #水浒 🏯", StringComparison.Ordinal), Wait, "the new group, open");

        (int code, string output) = await RunAsUserAsync("lv", "group", "join", "水浒 🏯", "--server", Chat, "--user", "瞎驴");
        Assert.True(code == 0, output);
        _tmux.Start("lv", 80, 24, ChatCommand(UserHome("lv"), $"--server '{Chat}' --user '瞎驴' --group '水浒 🏯'", $"UDPSUITE_PASSWORD='{Password}'"));
        await _tmux.WaitForAsync("lv", s => s.Contains("Message to #水浒 🏯", StringComparison.Ordinal), Wait, "瞎驴 in the group");
        _tmux.Type("lv", "大家好，今晚吃炊饼 🍞");
        _tmux.Keys("lv", "Enter");

        string alex = await _tmux.WaitForAsync("alex", s => s.Contains("今晚吃炊饼", StringComparison.Ordinal), Wait, "the group message at alex");
        Assert.Matches(@"瞎驴 \d\d:\d\d", alex); // under its sender, in the group's conversation (on screen)
        Assert.Contains("#水浒 🏯", alex);
        _tmux.Type("alex", "好的 👍");
        _tmux.Keys("alex", "Enter");
        await _tmux.WaitForAsync("lv", s => s.Contains("好的 👍", StringComparison.Ordinal), Wait, "the reply in the group at 瞎驴");
        alex = await _tmux.WaitForAsync("alex", s => s.Contains("[delivered 1 / read 1 of 1]", StringComparison.Ordinal), Wait, "the counts at alex");
        Save("group-120x40.txt", alex);
        Save("group-80x24.txt", _tmux.Capture("lv"));

        // F4: the members, the owner marked.
        _tmux.Keys("alex", "F4");
        Save("group-members.txt", await _tmux.WaitForAsync("alex", s => s.Contains("2 members", StringComparison.Ordinal) && s.Contains("狗哥alex (owner, me)", StringComparison.Ordinal), Wait, "the members dialog"));
        _tmux.Keys("alex", "Escape");
        await _tmux.WaitForAsync("alex", s => !s.Contains("(owner, me)", StringComparison.Ordinal), Wait, "the members dialog closed");

        _tmux.Keys("alex", "C-q");
        _tmux.Keys("lv", "C-q");
        Assert.Equal("0", await ExitCodeAsync("alex"));
        Assert.Equal("0", await ExitCodeAsync("lv"));
    }

    [Fact(Timeout = 240_000)]
    public async Task Contacts_added_in_the_client_my_presence_and_the_outage_banner()
    {
        await RegisterAsync("alex", "狗哥alex");
        await RegisterAsync("lv", "瞎驴");
        _tmux.Start("lv", 80, 24, ChatCommand(UserHome("lv"), $"--server '{Chat}' --user '瞎驴' --open '狗哥alex'", $"UDPSUITE_PASSWORD='{Password}'"));
        _tmux.Start("alex", 120, 40, ChatCommand(UserHome("alex"), $"--server '{Chat}' --user '狗哥alex'", $"UDPSUITE_PASSWORD='{Password}'"));
        await _tmux.WaitForAsync("alex", s => s.Contains("● online", StringComparison.Ordinal), Wait, "alex's main window");
        await _tmux.WaitForAsync("lv", s => s.Contains("Message to 狗哥alex", StringComparison.Ordinal), Wait, "瞎驴's main window");

        // F3: add 瞎驴 under a display name; then an account that does not exist.
        AddContact("瞎驴", "小驴 🐴");
        string alex = await _tmux.WaitForAsync("alex", s => s.Contains("● 小驴 🐴", StringComparison.Ordinal), Wait, "the new contact with its presence");
        AddContact("nobody", string.Empty);
        alex = await _tmux.WaitForAsync("alex", s => s.Contains("? nobody", StringComparison.Ordinal), Wait, "the unknown account marked");
        JsonObject book = JsonNode.Parse(File.ReadAllText(Path.Combine(UserHome("alex"), "config", "udpsuite", "contacts.json")))!.AsObject();
        Assert.Equal("瞎驴", book["contacts"]!["小驴 🐴"]!["account"]!.GetValue<string>());

        // F2: away with a status text; 瞎驴 (who has alex in his list, from --open) sees both.
        _tmux.Keys("alex", "F2");
        await _tmux.WaitForAsync("alex", s => s.Contains("My presence", StringComparison.Ordinal), Wait, "the presence dialog");
        _tmux.Type("alex", "开会 📅");
        _tmux.Keys("alex", "M-a");
        await _tmux.WaitForAsync("alex", s => s.Contains("◐ away: 开会 📅", StringComparison.Ordinal), Wait, "my presence in the status bar");
        string lv = await _tmux.WaitForAsync("lv", s => s.Contains("◐ 狗哥alex 开会", StringComparison.Ordinal), Wait, "alex's presence at 瞎驴");
        Save("contacts-120x40.txt", _tmux.Capture("alex"));
        Save("contacts-80x24.txt", lv);

        // The server goes away: marks turn unknown, the banner says since when, typing queues.
        await _server!.DisposeAsync();
        _server = null;
        alex = await _tmux.WaitForAsync("alex", s => s.Contains("unreachable since", StringComparison.Ordinal), TimeSpan.FromSeconds(90), "the outage banner");
        Assert.Contains("· 小驴 🐴", alex);
        _tmux.Keys("alex", "C-n");
        _tmux.Type("alex", "等你回来 🕐");
        _tmux.Keys("alex", "Enter");
        Save("outage-120x40.txt", await _tmux.WaitForAsync("alex", s => s.Contains("[queued]", StringComparison.Ordinal) && s.Contains("1 message queued", StringComparison.Ordinal), Wait, "the queued message"));

        _tmux.Keys("lv", "C-q");
        Assert.Equal("0", await ExitCodeAsync("lv"));
    }

    private void AddContact(string account, string name)
    {
        _tmux.Keys("alex", "F3");
        _tmux.WaitForAsync("alex", s => s.Contains("Add a contact", StringComparison.Ordinal), Wait, "the add-contact form").GetAwaiter().GetResult();
        _tmux.Type("alex", account);
        _tmux.Keys("alex", "Enter");
        if (name.Length > 0)
        {
            _tmux.Type("alex", name);
        }

        _tmux.Keys("alex", "Enter");
        _tmux.Keys("alex", "Enter");
    }

    private string UserHome(string session)
    {
        string home = Path.Combine(_root, session);
        Directory.CreateDirectory(home);
        return home;
    }

    private static string ChatCommand(string home, string arguments, string environment) =>
        // The test host sets DisableRealDriverIO for the headless tests; the real client must not inherit it.
        $"unset DisableRealDriverIO; cd '{home}' && HOME='{home}' XDG_CONFIG_HOME='{home}/config' XDG_DATA_HOME='{home}/data' {environment} TERM=xterm-256color " +
        $"timeout --foreground 150 dotnet '{ServerProcess.CliPath}' chat {arguments} 2>stderr.txt; echo $? > exit.txt; sleep 2";

    private async Task RegisterAsync(string session, string user)
    {
        (int code, string output) = await RunAsUserAsync(session, "register", "--server", Chat, "--user", user);
        Assert.True(code == 0, $"register {user}: {output}");
    }

    /// <summary>Runs a <c>udpsuite</c> command as the user whose HOME and XDG dirs are under <paramref name="session"/>.</summary>
    private async Task<(int ExitCode, string Output)> RunAsUserAsync(string session, params string[] arguments)
    {
        string home = UserHome(session);
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(ServerProcess.CliPath);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["UDPSUITE_PASSWORD"] = Password;
        info.Environment["HOME"] = home;
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, "config");
        info.Environment["XDG_DATA_HOME"] = Path.Combine(home, "data");
        (int code, string stdout, string stderr) = await ExternalProcess.RunAsync(info, TimeSpan.FromSeconds(30));
        return (code, stdout + stderr);
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
        return code == "0" ? code : $"{code}; stderr: {errors}";
    }

    private static void Save(string name, string screen)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name), screen);
    }
}
