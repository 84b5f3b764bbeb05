using System.Text.Json;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class CliTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Register_send_wait_delivered_and_listen_json_work_as_real_processes()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        string address = server.ChatEndpoint().ToString();

        foreach (string user in new[] { "瞎驴", "bob" })
        {
            var registered = await CliProcess.RunAsync(["register", "--server", address, "--user", user], Env(user), Limit);
            Assert.True(registered.ExitCode == 0, registered.StandardError);
            Assert.Contains($"registered {user}", registered.StandardOutput);
        }

        var again = await CliProcess.RunAsync(["register", "--server", address, "--user", "bob"], Env("bob"), Limit);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("UserExists", again.StandardError);

        await using CliProcess listen = CliProcess.Start(["listen", "--server", address, "--user", "bob", "--json", "--count", "2"], Env("bob"));
        string[] texts = ["hello 你好 👋", "second \"quoted\" line"];
        var ids = new List<string>();
        foreach (string text in texts)
        {
            var send = await CliProcess.RunAsync(["send", "--server", address, "--user", "瞎驴", "--to", "bob", "--wait", "delivered", text], Env("瞎驴"), Limit);
            Assert.True(send.ExitCode == 0, send.StandardError);
            string[] parts = send.StandardOutput.Trim().Split(' ');
            Assert.Equal("delivered", parts[1]);
            ids.Add(parts[0]);
        }

        var listened = await listen.WaitAsync(Limit);
        Assert.True(listened.ExitCode == 0, listened.StandardError);
        string[] lines = listened.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        for (int k = 0; k < 2; k++)
        {
            using JsonDocument json = JsonDocument.Parse(lines[k]);
            JsonElement root = json.RootElement;
            Assert.Equal(ids[k], root.GetProperty("id").GetString());
            Assert.Equal("瞎驴", root.GetProperty("from").GetString());
            Assert.Equal("bob", root.GetProperty("to").GetString());
            Assert.Equal(texts[k], root.GetProperty("text").GetString());
            DateTimeOffset sentAt = DateTimeOffset.Parse(root.GetProperty("sentAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(sentAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
            Assert.True(root.GetProperty("sequence").GetUInt64() > 0);
        }
    }

    [Fact]
    public async Task Send_reports_failures_with_exit_code_1_and_a_clear_message()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        string address = server.ChatEndpoint().ToString();
        var registered = await CliProcess.RunAsync(["register", "--server", address, "--user", "alice"], Env("alice"), Limit);
        Assert.Equal(0, registered.ExitCode);

        var unknown = await CliProcess.RunAsync(["send", "--server", address, "--user", "alice", "--to", "nobody", "hi"], Env("alice"), Limit);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("UnknownRecipient", unknown.StandardError);

        var wrongPassword = await CliProcess.RunAsync(["send", "--server", address, "--user", "alice", "--to", "alice", "hi"],
            new Dictionary<string, string?> { ["UDPSUITE_PASSWORD"] = "wrong" }, Limit);
        Assert.Equal(1, wrongPassword.ExitCode);
        Assert.Contains("wrong user name or password", wrongPassword.StandardError);

        var noPassword = await CliProcess.RunAsync(["send", "--server", address, "--user", "alice", "--to", "alice", "hi"], new Dictionary<string, string?>(), Limit);
        Assert.Equal(2, noPassword.ExitCode);
        Assert.Contains("UDPSUITE_PASSWORD", noPassword.StandardError);

        var notDelivered = await CliProcess.RunAsync(["send", "--server", address, "--user", "alice", "--to", "alice", "--wait", "read", "--deadline", "1500", "to myself"], Env("alice"), Limit);
        Assert.Equal(1, notDelivered.ExitCode);
        Assert.Contains("timeout", notDelivered.StandardError);
    }

    [Fact]
    public async Task Send_to_a_server_that_is_down_times_out_with_exit_code_1()
    {
        var down = await CliProcess.RunAsync(["send", "--server", "127.0.0.1:9", "--user", "alice", "--to", "bob", "hi"], Env("alice"), Limit);

        Assert.Equal(1, down.ExitCode);
        Assert.Contains("timeout", down.StandardError);
    }

    [Fact]
    public async Task Listen_logs_out_and_exits_0_on_SIGTERM()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        await TestAccounts.RegisterAsync(server.ChatEndpoint(), "carol");
        await using CliProcess listen = CliProcess.Start(["listen", "--server", server.ChatEndpoint().ToString(), "--user", "carol"], Env("carol"));
        await Task.Delay(TimeSpan.FromSeconds(3));

        listen.Terminate();
        var result = await listen.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("listening as carol", result.StandardError);
    }

    private static Dictionary<string, string?> Env(string user) => new() { ["UDPSUITE_PASSWORD"] = TestAccounts.PasswordOf(user) };
}
