using System.Text.Json;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>One audience rule (contacts and group co-members) for what <c>udpsuite presence</c> lists, against a real server.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class PresenceAudienceCliTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> Env(string user) => new() { ["UDPSUITE_PASSWORD"] = TestAccounts.PasswordOf(user) };

    [Fact]
    public async Task Presence_lists_group_co_members_and_contacts_once_each_and_nobody_else()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        string address = server.ChatEndpoint().ToString();
        await TestAccounts.RegisterAsync(server.ChatEndpoint(), "alice");
        await using ChatClient bob = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "bob");
        await using ChatClient carol = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "carol");
        await using ChatClient dave = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "dave");
        await using ChatClient stranger = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "stranger");

        // alice has no server-side contact at first: bob and carol share groups with her (bob two of them), dave is a
        // contact she adds, the stranger is neither.
        await bob.CreateGroupAsync("lunch");
        await bob.CreateGroupAsync("walks");
        await carol.JoinGroupAsync("lunch");
        var joins = await CliProcess.RunAsync(["group", "join", "--server", address, "--user", "alice", "lunch"], Env("alice"), Limit);
        Assert.True(joins.ExitCode == 0, joins.StandardError);
        joins = await CliProcess.RunAsync(["group", "join", "--server", address, "--user", "alice", "walks"], Env("alice"), Limit);
        Assert.True(joins.ExitCode == 0, joins.StandardError);

        var presence = await CliProcess.RunAsync(["presence", "--server", address, "--user", "alice", "--json"], Env("alice"), Limit);
        Assert.True(presence.ExitCode == 0, presence.StandardError);
        Assert.Equal(["bob", "carol"], Users(presence.StandardOutput));
        Assert.All(States(presence.StandardOutput), state => Assert.Equal("online", state));

        var add = await CliProcess.RunAsync(["contacts", "add", "--server", address, "--user", "alice", "dave", "bob"], Env("alice"), Limit);
        Assert.True(add.ExitCode == 0, add.StandardError);
        presence = await CliProcess.RunAsync(["presence", "--server", address, "--user", "alice", "--json"], Env("alice"), Limit);
        Assert.True(presence.ExitCode == 0, presence.StandardError);
        Assert.Equal(["bob", "carol", "dave"], Users(presence.StandardOutput));
    }

    private static List<string> Users(string output) => Lines(output, "user");

    private static List<string> States(string output) => Lines(output, "state");

    private static List<string> Lines(string output, string property) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using JsonDocument json = JsonDocument.Parse(line);
            return json.RootElement.GetProperty(property).GetString()!;
        })];
}
