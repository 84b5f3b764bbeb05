using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Client.Tests.Support;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>An application's event handler that throws, with real clients and a real server on loopback.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SubscriberIsolationEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_throwing_subscriber_is_logged_while_the_others_get_every_event_and_the_client_keeps_receiving()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        await TestAccounts.RegisterAsync(server.ChatEndpoint(), "alice");
        var logger = new RecordingLogger();
        await using ChatClient bob = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "bob", TestAccounts.FastOptions() with { Logger = logger });

        // The throwing handler subscribes first, so the collector after it is the one that would miss events.
        bob.PresenceChanged += (_, _) => throw new InvalidOperationException("application bug in a presence handler");
        using var watcher = new PresenceCollector(bob);
        await using var inbox = new MessageCollector(bob);

        await bob.AddContactAsync("alice");
        await using ChatClient alice = new(server.ChatEndpoint(), TestAccounts.FastOptions());
        await alice.LoginAsync("alice", TestAccounts.PasswordOf("alice"));
        await using var aliceInbox = new MessageCollector(alice);
        await watcher.WaitForStatesAsync("alice", [PresenceState.Offline, PresenceState.Online], Wait);

        OutgoingMessage sent = await bob.SendAsync("alice", "still here");
        // Subscribed after sending: it is raised at least for "delivered" (alice's collector confirms).
        sent.StateChanged += (_, _) => throw new InvalidOperationException("application bug in a state handler");
        Assert.Equal(DeliveryState.Delivered, await sent.WaitForAsync(DeliveryState.Delivered).WaitAsync(Wait));

        OutgoingMessage reply = await alice.SendAsync("bob", "reply after the bugs");
        Assert.Equal(DeliveryState.Delivered, await reply.WaitForAsync(DeliveryState.Delivered).WaitAsync(Wait));
        await inbox.WaitForCountAsync(1, Wait);
        Assert.Equal("reply after the bugs", inbox.Messages[0].Text);

        Assert.Contains(logger.Entries, e => e.Exception is InvalidOperationException && e.Message.Contains(nameof(ChatClient.PresenceChanged), StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.Exception is InvalidOperationException && e.Message.Contains(nameof(OutgoingMessage.StateChanged), StringComparison.Ordinal));
    }
}
