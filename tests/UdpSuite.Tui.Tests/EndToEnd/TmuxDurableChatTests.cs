using System.Net;
using System.Net.Sockets;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Integration;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.History;

namespace UdpSuite.Tui.Tests.EndToEnd;

/// <summary>
/// The real <c>udpsuite chat</c> in tmux against the real server, for what must survive its start and its restart:
/// a backlog that arrived while the user was offline is shown in order and stored (and only then delivered), a contact
/// already online shows online, and messages queued while the server was down are kept and go out after a restart.
/// </summary>
public sealed class TmuxDurableChatTests : IAsyncLifetime, IDisposable
{
    private const string Password = "correct horse 电池";
    private const string Me = "狗哥alex";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "udpsuite-durable-e2e-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Tmux _tmux = new();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        return Task.CompletedTask;
    }

    public void Dispose() => _tmux.Dispose();

    public Task DisposeAsync()
    {
        _tmux.Dispose();
        EndToEndCleanup.DeleteRoot(_root);

        return Task.CompletedTask;
    }

    [Fact(Timeout = 240_000)]
    public async Task A_backlog_of_20_is_shown_in_order_and_stored_and_a_contact_online_before_the_start_shows_online()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(ServerProcess.ChatServerArguments(Path.Combine(_root, "data")));
        IPEndPoint chat = server.Endpoint("chat");
        foreach (string user in new[] { Me, "瞎驴", "武大郎" })
        {
            (int code, string output) = await UdpSuiteCli.RunAsync(Password, "register", "--server", chat.ToString(), "--user", user);
            Assert.True(code == 0, $"register {user}: {output}");
        }

        // An earlier run made 武大郎 a server-side contact of the user; now 武大郎 is online before the client starts.
        await using (var earlier = new ChatClient(chat))
        {
            await earlier.LoginAsync(Me, Password);
            await earlier.AddContactAsync("武大郎");
            await earlier.LogoutAsync();
        }

        await using var online = new ChatClient(chat);
        await online.LoginAsync("武大郎", Password);
        await using var sender = new ChatClient(chat);
        await sender.LoginAsync("瞎驴", Password);
        string[] texts = [.. Enumerable.Range(1, 20).Select(i => $"离线消息{i:D2} 你好 🍜 end{i:D2}")];
        var sent = new List<OutgoingMessage>();
        foreach (string text in texts)
        {
            sent.Add(await sender.SendAsync(Me, text));
        }

        await WaitAllAsync(sent, DeliveryState.Sent);

        string dir = StartChat("me", chat, width: 110, height: 60);
        string screen = await _tmux.WaitForAsync("me", s => s.Contains("end20", StringComparison.Ordinal), Wait, "the last of the 20 waiting messages");
        int[] positions = [.. texts.Select(t => screen.IndexOf(t, StringComparison.Ordinal))];
        Assert.True(positions.All(p => p >= 0), $"not all 20 shown:\n{screen}");
        Assert.Equal(positions.Order(), positions);
        await _tmux.WaitForAsync("me", s => s.Contains("● 武大郎", StringComparison.Ordinal), Wait, "武大郎 shown online");

        // Shown and stored, hence confirmed: the sender sees every one delivered.
        await WaitAllAsync(sent, DeliveryState.Delivered);
        _tmux.Keys("me", "C-q");
        Assert.Equal("0", await ExitCodeAsync(dir));
        using var history = new ChatHistory(ChatHistory.DefaultPath(Me, name => name == "XDG_DATA_HOME" ? dir : null));
        Assert.Equal(texts, history.LoadAll().Where(m => !m.Outgoing && m.Peer == "瞎驴").Select(m => m.Text));
    }

    [Fact(Timeout = 240_000)]
    public async Task Messages_queued_while_the_server_is_down_survive_a_restart_and_go_out_by_themselves()
    {
        int port;
        using (var reserve = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)reserve.Client.LocalEndPoint!).Port;
        }

        var chat = new IPEndPoint(IPAddress.Loopback, port);
        string dir = StartChat("first", chat, width: 100, height: 30);
        await _tmux.WaitForAsync("first", s => s.Contains("unreachable", StringComparison.Ordinal), Wait, "the unreachable banner");
        string[] texts = ["排队一 🙂 q1", "排队二 🍞 q2"];
        foreach (string text in texts)
        {
            _tmux.Type("first", text);
            await Task.Delay(300);
            _tmux.Keys("first", "Enter");
            await _tmux.WaitForAsync("first", s => s.Contains(text, StringComparison.Ordinal), Wait, $"'{text}' queued");
        }

        await _tmux.WaitForAsync("first", s => s.Contains("2 messages queued", StringComparison.Ordinal), Wait, "two queued messages in the banner");
        _tmux.Keys("first", "C-q");
        await _tmux.WaitForAsync("first", s => s.Contains("2 messages are not sent yet", StringComparison.Ordinal), Wait, "the question before quitting");
        _tmux.Keys("first", "q");
        Assert.Equal("0", await ExitCodeAsync(dir));
        using (var history = new ChatHistory(ChatHistory.DefaultPath(Me, name => name == "XDG_DATA_HOME" ? dir : null)))
        {
            Assert.Equal(texts, history.LoadAll().Where(m => m.Outgoing && m.State == DeliveryState.Sending).Select(m => m.Text));
        }

        await using ServerProcess server = await ServerProcess.StartAsync(ServerProcess.ChatServerArguments(Path.Combine(_root, "data"), port));
        foreach (string user in new[] { Me, "瞎驴" })
        {
            (int code, string output) = await UdpSuiteCli.RunAsync(Password, "register", "--server", chat.ToString(), "--user", user);
            Assert.True(code == 0, $"register {user}: {output}");
        }

        File.Delete(Path.Combine(dir, "exit.txt"));
        StartChat("second", chat, width: 100, height: 30, directory: dir);
        await using var recipient = new ChatClient(chat);
        await recipient.LoginAsync("瞎驴", Password);
        var received = new List<IncomingMessage>();
        using (var limit = new CancellationTokenSource(Wait))
        {
            await foreach (IncomingMessage message in recipient.ReadMessagesAsync(limit.Token))
            {
                received.Add(message);
                recipient.Confirm(message);
                if (received.Count == texts.Length)
                {
                    break;
                }
            }
        }

        Assert.Equal(texts, received.Select(m => m.Text));
        await _tmux.WaitForAsync("second", s => s.Contains("q2 ✓✓ delivered", StringComparison.Ordinal) || s.Contains("✓✓ delivered", StringComparison.Ordinal), Wait, "the delivered mark");
        _tmux.Keys("second", "C-q");
        Assert.Equal("0", await ExitCodeAsync(dir));
        using var after = new ChatHistory(ChatHistory.DefaultPath(Me, name => name == "XDG_DATA_HOME" ? dir : null));
        ConversationMessage[] outgoing = [.. after.LoadAll().Where(m => m.Outgoing)];
        Assert.Equal(received.Select(m => m.Id), outgoing.Select(m => m.Id)); // the ids typed in the first run
        Assert.DoesNotContain(outgoing, m => m.State == DeliveryState.Sending);
    }

    /// <summary>Starts the client for <see cref="Me"/> in tmux session <paramref name="session"/>, talking to <paramref name="chat"/>; returns its directory (HOME, XDG_DATA_HOME).</summary>
    private string StartChat(string session, IPEndPoint chat, int width, int height, string? directory = null)
    {
        string dir = directory ?? Path.Combine(_root, session);
        Directory.CreateDirectory(dir);
        string contacts = Path.Combine(dir, "contacts.json");
        File.WriteAllText(contacts, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contacts.json")).Replace("127.0.0.1:8081", chat.ToString(), StringComparison.Ordinal));
        string command =
            // The test host sets DisableRealDriverIO for the headless tests; the real client must not inherit it.
            $"unset DisableRealDriverIO; cd '{dir}' && UDPSUITE_PASSWORD='{Password}' XDG_DATA_HOME='{dir}' HOME='{dir}' TERM=xterm-256color " +
            $"timeout --foreground 180 dotnet '{ServerProcess.CliPath}' chat --contacts '{contacts}' --user '{Me}' --open 瞎驴 2>stderr.txt; " +
            "echo $? > exit.txt; sleep 2";
        _tmux.Start(session, width, height, command);
        return dir;
    }

    private static async Task<string> ExitCodeAsync(string dir)
    {
        string path = Path.Combine(dir, "exit.txt");
        for (int i = 0; i < 150 && !(File.Exists(path) && new FileInfo(path).Length > 0); i++)
        {
            await Task.Delay(200);
        }

        string stderr = Path.Combine(dir, "stderr.txt");
        string errors = File.Exists(stderr) ? File.ReadAllText(stderr) : string.Empty;
        if (!File.Exists(path))
        {
            return $"no exit; stderr: {errors}";
        }

        string code = File.ReadAllText(path).Trim();
        return code == "0" ? code : $"{code}; stderr: {errors}";
    }

    private static async Task WaitAllAsync(IEnumerable<OutgoingMessage> messages, DeliveryState wanted)
    {
        using var limit = new CancellationTokenSource(Wait);
        DeliveryState[] reached = await Task.WhenAll(messages.Select(m => m.WaitForAsync(wanted, limit.Token)));
        Assert.All(reached, state => Assert.True(state != DeliveryState.Failed && state >= wanted, $"{state}, wanted {wanted}")); // shown on screen: read
    }
}
