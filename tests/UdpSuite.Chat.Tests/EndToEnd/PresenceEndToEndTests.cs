using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>Presence and server-side contacts between real clients and a real <c>udpsuite server</c> process on loopback.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class PresenceEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static void AssertEachVersionOnce(PresenceCollector collector, string user)
    {
        ulong[] versions = [.. collector.Events.Where(e => e.User == user).Select(e => e.Version)];
        Assert.Equal(versions.Distinct().Order(), versions); // each change once, never an older one after a newer
    }

    [Fact]
    public async Task Through_a_lossy_duplicating_link_the_watcher_sees_each_change_once_and_a_logout_long_before_the_session_timeout()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path); // session timeout: the default 60 s
        // 30% loss and reordering as in the message tests, and every other datagram duplicated: pushes and their ACKs get lost,
        // so the server resends the same version under new sequence numbers, and the client must still report each change once.
        await using var proxy = new LossyUdpProxy(server.ChatEndpoint(), NetworkImpairment.Hostile with { DuplicateRate = 0.5 }, seed: 48);
        await TestAccounts.RegisterAsync(server.ChatEndpoint(), "狗哥alex");
        await using ChatClient bob = await TestAccounts.RegisterAndLoginAsync(proxy.Endpoint, "瞎驴");
        using var watcher = new PresenceCollector(bob);

        await bob.AddContactAsync("狗哥alex");
        await watcher.WaitForStatesAsync("狗哥alex", [PresenceState.Offline], Wait);

        await using ChatClient alex = new(server.ChatEndpoint(), TestAccounts.FastOptions());
        await alex.LoginAsync("狗哥alex", TestAccounts.PasswordOf("狗哥alex"));
        await watcher.WaitForStatesAsync("狗哥alex", [PresenceState.Offline, PresenceState.Online], Wait);

        await alex.SetPresenceAsync(PresenceState.Away, "午饭 🍜");
        await watcher.WaitForStatesAsync("狗哥alex", [PresenceState.Offline, PresenceState.Online, PresenceState.Away], Wait);
        Assert.Equal("午饭 🍜", bob.PresenceOf("狗哥alex")!.Status);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await alex.LogoutAsync();
        await watcher.WaitForStatesAsync("狗哥alex", [PresenceState.Offline, PresenceState.Online, PresenceState.Away, PresenceState.Offline], Wait);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(55), $"offline after {clock.Elapsed}: that is the session timeout, not the logout");
        AssertEachVersionOnce(watcher, "狗哥alex");
        Assert.True(proxy.Dropped > 0 && proxy.Duplicated > 0, $"the proxy dropped {proxy.Dropped} and duplicated {proxy.Duplicated}");

        Assert.Equal(["狗哥alex"], await bob.ListContactsAsync());
        ChatException unknown = await Assert.ThrowsAsync<ChatException>(() => bob.AddContactAsync("nobody"));
        Assert.Equal(ChatErrorCode.UnknownRecipient, unknown.Code);
        await bob.RemoveContactAsync("狗哥alex");
        Assert.Empty(await bob.ListContactsAsync());
    }

    [Fact]
    public async Task A_silent_client_goes_away_then_offline_by_the_configured_timeouts_and_is_online_again_at_its_next_login()
    {
        using var data = new TemporaryDirectory();
        var environment = new Dictionary<string, string>
        {
            ["UDPSUITE_Chat__PresenceAwayAfter"] = "00:00:01",
            ["UDPSUITE_Chat__SessionTimeout"] = "00:00:04",
        };
        foreach ((string key, string value) in ChatServer.CheapPasswordHashEnvironment)
        {
            environment[key] = value;
        }

        await using ServerProcess server = await ServerProcess.StartAsync(ServerProcess.ChatServerArguments(data.Path), environment, ["chat"]);
        await TestAccounts.RegisterAsync(server.ChatEndpoint(), "alice");
        await using ChatClient bob = await TestAccounts.RegisterAndLoginAsync(
            server.ChatEndpoint(), "bob", TestAccounts.FastOptions() with { KeepAliveInterval = TimeSpan.FromMilliseconds(300) });
        using var watcher = new PresenceCollector(bob);
        await bob.AddContactAsync("alice");

        // Alice's client would PING only after an hour: once logged in it says nothing at all.
        await using ChatClient alice = new(server.ChatEndpoint(), TestAccounts.FastOptions() with { KeepAliveInterval = TimeSpan.FromHours(1) });
        await alice.LoginAsync("alice", TestAccounts.PasswordOf("alice"));
        await watcher.WaitForStatesAsync("alice", [PresenceState.Offline, PresenceState.Online, PresenceState.Away, PresenceState.Offline], Wait);

        await alice.LoginAsync("alice", TestAccounts.PasswordOf("alice"));
        await watcher.WaitForStatesAsync("alice", [PresenceState.Offline, PresenceState.Online, PresenceState.Away, PresenceState.Offline, PresenceState.Online], Wait);
        AssertEachVersionOnce(watcher, "alice");
    }

    [Fact]
    public async Task Contacts_survive_a_killed_and_restarted_server_and_their_presence_comes_at_login()
    {
        using var data = new TemporaryDirectory();
        await using (ServerProcess first = await ChatServer.StartAsync(data.Path))
        {
            await TestAccounts.RegisterAsync(first.ChatEndpoint(), "一棵树");
            await TestAccounts.RegisterAsync(first.ChatEndpoint(), "武大郎");
            await using ChatClient bob = await TestAccounts.RegisterAndLoginAsync(first.ChatEndpoint(), "bob");
            await bob.AddContactAsync("武大郎");
            await bob.AddContactAsync("一棵树");
        } // SIGKILL

        await using ServerProcess second = await ChatServer.StartAsync(data.Path);
        await using ChatClient again = new(second.ChatEndpoint(), TestAccounts.FastOptions());
        using var watcher = new PresenceCollector(again);
        await again.LoginAsync("bob", TestAccounts.PasswordOf("bob"));

        Assert.Equal(new[] { "一棵树", "武大郎" }.Order(StringComparer.Ordinal), await again.ListContactsAsync());
        await watcher.WaitForAsync(events => events.Count == 2, Wait, "the login snapshot of both contacts");
        Assert.All(watcher.Events, e => Assert.Equal(PresenceState.Offline, e.State));
    }
}
