using System.Text.Json;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class GroupCliTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Group_commands_send_group_and_listen_json_work_as_real_processes()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        string address = server.ChatEndpoint().ToString();
        foreach (string user in new[] { "瞎驴", "bob" })
        {
            await TestAccounts.RegisterAsync(server.ChatEndpoint(), user);
        }

        var created = await Run(["group", "create", "同事们", "--code", "暗号"], "瞎驴");
        Assert.True(created.ExitCode == 0, created.StandardError);
        Assert.Contains("created group 同事们", created.StandardOutput);

        var wrongCode = await Run(["group", "join", "同事们", "--code", "guess"], "bob");
        Assert.Equal(1, wrongCode.ExitCode);
        Assert.Contains("BadInviteCode", wrongCode.StandardError);

        var joined = await Run(["group", "join", "同事们", "--code", "暗号"], "bob");
        Assert.True(joined.ExitCode == 0, joined.StandardError);

        var members = await Run(["group", "members", "同事们"], "bob");
        Assert.True(members.ExitCode == 0, members.StandardError);
        Assert.Equal(["瞎驴 (owner)", "bob"], members.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        await using CliProcess listen = CliProcess.Start(["listen", "--server", address, "--user", "bob", "--json", "--count", "1"], Env("bob"));
        var send = await Run(["send", "--group", "同事们", "--wait", "delivered", "开会了 👋"], "瞎驴");
        Assert.True(send.ExitCode == 0, send.StandardError);
        string[] parts = send.StandardOutput.Trim().Split(' ');
        Assert.Equal(["delivered", "delivered", "1/1", "read", "0/1"], parts[1..]);

        var listened = await listen.WaitAsync(Limit);
        Assert.True(listened.ExitCode == 0, listened.StandardError);
        // Group members see each other's presence too: pick the message line among the presence lines.
        string messageLine = listened.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single(line => line.Contains("\"type\":\"message\"", StringComparison.Ordinal));
        Assert.Contains(listened.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.Contains("\"type\":\"presence\",\"user\":\"瞎驴\"", StringComparison.Ordinal));
        using (JsonDocument json = JsonDocument.Parse(messageLine))
        {
            JsonElement root = json.RootElement;
            Assert.Equal(("瞎驴", "同事们", "同事们", "开会了 👋"), (root.GetProperty("from").GetString(), root.GetProperty("to").GetString(), root.GetProperty("group").GetString(), root.GetProperty("text").GetString()));
        }

        var both = await Run(["send", "--to", "bob", "--group", "同事们", "x"], "瞎驴");
        Assert.Equal(2, both.ExitCode);

        var renamed = await Run(["group", "rename", "同事们", "team"], "瞎驴");
        Assert.True(renamed.ExitCode == 0, renamed.StandardError);
        var left = await Run(["group", "leave", "team"], "瞎驴");
        Assert.True(left.ExitCode == 0, left.StandardError);

        var list = await Run(["group", "list", "--json"], "bob");
        Assert.True(list.ExitCode == 0, list.StandardError);
        using JsonDocument group = JsonDocument.Parse(list.StandardOutput.Trim());
        Assert.Equal(("team", 1, true), (group.RootElement.GetProperty("name").GetString(), group.RootElement.GetProperty("members").GetInt32(), group.RootElement.GetProperty("owner").GetBoolean()));

        Task<(int ExitCode, string StandardOutput, string StandardError)> Run(string[] arguments, string user) =>
            CliProcess.RunAsync([.. arguments, "--server", address, "--user", user], Env(user), Limit);
    }

    private static Dictionary<string, string?> Env(string user) => new() { ["UDPSUITE_PASSWORD"] = TestAccounts.PasswordOf(user) };
}
