using System.Text.Json;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class PresenceCliTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> Env(string user) => new() { ["UDPSUITE_PASSWORD"] = TestAccounts.PasswordOf(user) };

    [Fact]
    public async Task Contacts_and_presence_commands_work_and_listen_json_prints_presence_events()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        string address = server.ChatEndpoint().ToString();
        foreach (string user in new[] { "alice", "bob" })
        {
            await TestAccounts.RegisterAsync(server.ChatEndpoint(), user);
        }

        var add = await CliProcess.RunAsync(["contacts", "add", "--server", address, "--user", "bob", "alice", "nobody"], Env("bob"), Limit);
        Assert.Equal(1, add.ExitCode);
        Assert.Contains("added alice", add.StandardOutput);
        Assert.Contains("UnknownRecipient", add.StandardError);
        // alice's address book names bob, herself and an account the server does not have: sync adds bob only.
        string book = Path.Combine(data.Path, "contacts.json");
        await File.WriteAllTextAsync(book, """
            { "me": { "user": "alice" },
              "contacts": { "鲍勃": { "account": "bob" }, "我": { "account": "alice" }, "大侠": { "account": "nobody" } } }
            """);
        var aliceSyncs = await CliProcess.RunAsync(["contacts", "sync", "--server", address, "--user", "alice", "--contacts", book], Env("alice"), Limit);
        Assert.True(aliceSyncs.ExitCode == 0, aliceSyncs.StandardError);
        Assert.Equal("added bob", aliceSyncs.StandardOutput.Trim());
        var list = await CliProcess.RunAsync(["contacts", "list", "--server", address, "--user", "bob"], Env("bob"), Limit);
        Assert.True(list.ExitCode == 0, list.StandardError);
        Assert.Equal("alice", list.StandardOutput.Trim());

        // carol watches bob and alice from this process: she sees when bob's listener is in, and when alice is done.
        await using ChatClient carol = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "carol");
        using var carolSees = new PresenceCollector(carol);
        await carol.AddContactAsync("bob");
        await carol.AddContactAsync("alice");
        await using CliProcess listen = CliProcess.Start(["listen", "--server", address, "--user", "bob", "--json", "--count", "1"], Env("bob"));
        await carolSees.WaitForAsync(e => e.Any(p => p.User == "bob" && p.State == PresenceState.Online), Limit, "bob's listener logged in");

        var presence = await CliProcess.RunAsync(["presence", "--server", address, "--user", "alice", "--set", "away", "--status", "午饭", "--json"], Env("alice"), Limit);
        Assert.True(presence.ExitCode == 0, presence.StandardError);
        Assert.Contains("alice is now away: 午饭", presence.StandardError);
        using (JsonDocument line = JsonDocument.Parse(presence.StandardOutput.Trim()))
        {
            Assert.Equal(("presence", "bob", "online"), (line.RootElement.GetProperty("type").GetString(), line.RootElement.GetProperty("user").GetString(), line.RootElement.GetProperty("state").GetString()));
        }

        // The presence command is a transient session: no flapping. alice's choice shows once a receiving session of hers
        // is in, and she goes offline when it ends.
        await using (ChatClient aliceReceives = new(server.ChatEndpoint(), TestAccounts.FastOptions()))
        {
            await aliceReceives.LoginAsync("alice", TestAccounts.PasswordOf("alice"));
            await carolSees.WaitForAsync(e => e.Any(p => p.User == "alice" && p.State == PresenceState.Away), Limit, "alice's receiving session shows her choice");
        }

        await carolSees.WaitForAsync(
            e => e.Where(p => p.User == "alice").Select(p => p.State).SequenceEqual([PresenceState.Offline, PresenceState.Away, PresenceState.Offline]),
            Limit,
            "alice: offline, away (her receiving session with the chosen state), offline; nothing from the one-shot command");
        OutgoingMessage done = await carol.SendAsync("bob", "done");
        await done.WaitForAsync(DeliveryState.Delivered);

        var listened = await listen.WaitAsync(Limit);
        Assert.True(listened.ExitCode == 0, listened.StandardError);
        var objects = listened.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("done", objects.Single(o => o.GetProperty("type").GetString() == "message").GetProperty("text").GetString());
        JsonElement[] ofAlice = [.. objects.Where(o => o.GetProperty("type").GetString() == "presence" && o.GetProperty("user").GetString() == "alice")];
        Assert.Equal(["offline", "away", "offline"], ofAlice.Select(o => o.GetProperty("state").GetString()));
        Assert.Equal("午饭", ofAlice[1].GetProperty("status").GetString());
        ulong[] versions = [.. ofAlice.Select(o => o.GetProperty("version").GetUInt64())];
        Assert.Equal(versions.Distinct().Order(), versions);
        DateTimeOffset at = DateTimeOffset.Parse(ofAlice[1].GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

        // The choice stays with the account: bob's presence command shows alice offline now (no receiving session), and
        // her next receiving login brings "away: 午饭" back.
        var bobLooks = await CliProcess.RunAsync(["presence", "--server", address, "--user", "bob"], Env("bob"), Limit);
        Assert.True(bobLooks.ExitCode == 0, bobLooks.StandardError);
        Assert.Equal("alice offline", bobLooks.StandardOutput.Trim());
    }
}
