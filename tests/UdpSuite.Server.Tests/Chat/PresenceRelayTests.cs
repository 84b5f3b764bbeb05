using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Presence;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>
/// Presence and contacts through the real chat listener on loopback, with the server on a fake clock: idle periods and
/// session timeouts pass by advancing the clock, never by sleeping.
/// </summary>
public sealed class PresenceRelayTests
{
    private uint _requestId;

    private static async Task<ChatTestPeer> LoggedIn(ChatTestServer server, string user)
    {
        var peer = new ChatTestPeer(server.Endpoint, user);
        if (await peer.RegisterAsync("pw") is { } error && error != ChatErrorCode.UserExists)
        {
            throw new InvalidOperationException($"register {user}: {error}");
        }

        Assert.Null(await peer.LoginAsync("pw"));
        server.Tick(); // backlog, presence announcement and snapshot
        return peer;
    }

    private async Task<ReplyHeader> Request(ChatTestPeer peer, ChatMessageType type, Func<uint, byte[], int> write, uint? id = null)
    {
        var body = new byte[ChatWire.MaxSecureBody];
        int length = write(id ?? ++_requestId, body);
        int before = peer.Replies.Count;
        peer.SendSecure(type, body.AsSpan(0, length));
        Assert.True(await peer.WaitForAsync(() => peer.Replies.Count > before), $"no REPLY to {type}");
        return peer.Replies[^1].Header;
    }

    private Task<ReplyHeader> AddContact(ChatTestPeer peer, string contact) =>
        Request(peer, ChatMessageType.ContactAdd, (id, b) => PresenceCodec.WriteContactChange(b, new ContactChangeBody(id, contact)));

    private Task<ReplyHeader> SetPresence(ChatTestPeer peer, PresenceState state, string status = "") =>
        Request(peer, ChatMessageType.PresenceSet, (id, b) => PresenceCodec.WritePresenceSet(b, new PresenceSetBody(id, state, status)));

    /// <summary>PINGs from each peer (answered, so the server saw them at the fake clock's time): their sessions stay alive.</summary>
    private static async Task KeepAlive(params ChatTestPeer[] peers)
    {
        foreach (ChatTestPeer peer in peers)
        {
            int pongs = peer.Pongs;
            peer.SendSecure(ChatMessageType.Ping, []);
            Assert.True(await peer.WaitForAsync(() => peer.Pongs > pongs));
        }
    }

    /// <summary>The distinct changes a watcher saw about <paramref name="user"/> (retransmissions folded by version), in order.</summary>
    private static List<PresenceBody> Changes(ChatTestPeer watcher, string user) =>
        [.. watcher.PresencePushes.Where(p => p.User == user).DistinctBy(p => p.Version)];

    [Fact]
    public async Task Online_then_away_by_idle_timeout_then_offline_by_session_timeout_then_online_at_login_each_pushed_once_to_every_watcher()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer bob = await LoggedIn(server, "bob");
        using ChatTestPeer carol = await LoggedIn(server, "carol");
        using (ChatTestPeer registration = new(server.Endpoint, "alice"))
        {
            Assert.Null(await registration.RegisterAsync("pw"));
        }

        Assert.Equal(ChatErrorCode.None, (await AddContact(bob, "alice")).Code);
        Assert.Equal(ChatErrorCode.None, (await AddContact(carol, "alice")).Code);
        Assert.True(await bob.WaitForAsync(() => Changes(bob, "alice").Count == 1)); // the new contact's presence: offline
        Assert.Equal(PresenceState.Offline, bob.PresencePushes[0].State);

        ChatTestPeer alice = await LoggedIn(server, "alice");
        foreach (ChatTestPeer watcher in new[] { bob, carol })
        {
            Assert.True(await watcher.WaitForAsync(() => Changes(watcher, "alice").Any(p => p.State == PresenceState.Online)));
        }

        // Keepalives are not activity: after 5 minutes of only PINGs alice shows away.
        for (int step = 0; step < 10; step++)
        {
            await KeepAlive(alice, bob, carol);
            server.Tick(Duration.FromSeconds(30));
        }

        foreach (ChatTestPeer watcher in new[] { bob, carol })
        {
            Assert.True(await watcher.WaitForAsync(() => Changes(watcher, "alice").Any(p => p.State == PresenceState.Away)));
        }

        // Alice falls silent; the watchers keep their sessions: past the 60 s session timeout she is offline.
        alice.Dispose();
        for (int step = 0; step < 3; step++)
        {
            await KeepAlive(bob, carol);
            server.Tick(Duration.FromSeconds(25));
        }

        foreach (ChatTestPeer watcher in new[] { bob, carol })
        {
            Assert.True(await watcher.WaitForAsync(() => Changes(watcher, "alice").Count(p => p.State == PresenceState.Offline) == 2));
        }

        using ChatTestPeer aliceAgain = await LoggedIn(server, "alice");
        foreach (ChatTestPeer watcher in new[] { bob, carol })
        {
            Assert.True(await watcher.WaitForAsync(() => Changes(watcher, "alice").Count == 5));
            await watcher.DrainAsync(TimeSpan.FromMilliseconds(100));
            List<PresenceBody> changes = Changes(watcher, "alice");
            Assert.Equal(
                [PresenceState.Offline, PresenceState.Online, PresenceState.Away, PresenceState.Offline, PresenceState.Online],
                changes.Select(p => p.State));
            Assert.Equal(changes.Select(p => p.Version).Order(), changes.Select(p => p.Version));
        }

        Assert.Equal(PresenceState.Online, server.Handler.PresenceOf("alice", server.Clock.GetCurrentInstant()).State);
        Assert.Equal(0, bob.Unverifiable + carol.Unverifiable);
    }

    [Fact]
    public async Task Logout_is_pushed_at_once_without_waiting_for_a_timer_tick()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer bob = await LoggedIn(server, "bob");
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        await AddContact(bob, "alice");
        Assert.True(await bob.WaitForAsync(() => bob.PresencePushes.Any(p => p.State == PresenceState.Online)));

        alice.SendSecure(ChatMessageType.Logout, []);

        Assert.True(await bob.WaitForAsync(() => bob.PresencePushes.Any(p => p.State == PresenceState.Offline)));
    }

    [Fact]
    public async Task An_unacknowledged_push_is_retransmitted_with_the_same_version_until_acknowledged_and_a_newer_change_replaces_it()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer bob = await LoggedIn(server, "bob");
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        await AddContact(bob, "alice");
        Assert.True(await bob.WaitForAsync(() => bob.PresencePushes.Count == 1));
        bob.AcknowledgePresence = false;

        await SetPresence(alice, PresenceState.Away, "在开会");
        Assert.True(await bob.WaitForAsync(() => bob.PresencePushes.Count(p => p.State == PresenceState.Away) >= 2, onIdle: () => server.Tick(Duration.FromSeconds(1))));
        PresenceBody[] away = [.. bob.PresencePushes.Where(p => p.State == PresenceState.Away)];
        Assert.Single(away.Select(p => p.Version).Distinct());
        Assert.Equal("在开会", away[0].Status);
        Assert.True(server.Counters.Get(PresenceEvents.Retransmitted) >= 1);

        bob.AcknowledgePresence = true;
        await SetPresence(alice, PresenceState.Online);
        Assert.True(await bob.WaitForAsync(() => bob.PresencePushes.Any(p => p.State == PresenceState.Online && p.Version > away[0].Version)));
        await KeepAlive(bob); // answered after the server took bob's PRESENCE_ACK (one receive loop, in order)
        int seen = bob.PresencePushes.Count;
        for (int tick = 0; tick < 5; tick++)
        {
            server.Tick(Duration.FromSeconds(5));
        }

        await bob.DrainAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(seen, bob.PresencePushes.Count); // acknowledged: nothing more is sent
    }

    [Fact]
    public async Task At_login_a_user_gets_the_presence_of_every_contact_and_appearing_offline_hides_the_status()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        using (ChatTestPeer carol = new(server.Endpoint, "carol"))
        {
            await carol.RegisterAsync("pw");
        }

        using (ChatTestPeer bob = await LoggedIn(server, "bob"))
        {
            await AddContact(bob, "alice");
            await AddContact(bob, "carol");
            bob.SendSecure(ChatMessageType.Logout, []);
        }

        await SetPresence(alice, PresenceState.Away, "午饭");
        using ChatTestPeer bobAgain = await LoggedIn(server, "bob");
        Assert.True(await bobAgain.WaitForAsync(() => bobAgain.PresencePushes.Count == 2));
        PresenceBody ofAlice = bobAgain.PresencePushes.Single(p => p.User == "alice");
        Assert.Equal((PresenceState.Away, "午饭"), (ofAlice.State, ofAlice.Status));
        Assert.Equal(PresenceState.Offline, bobAgain.PresencePushes.Single(p => p.User == "carol").State);

        await SetPresence(alice, PresenceState.Offline, "still hidden");
        Assert.True(await bobAgain.WaitForAsync(() => bobAgain.PresencePushes.Count == 3));
        Assert.Equal((PresenceState.Offline, string.Empty), (bobAgain.PresencePushes[2].State, bobAgain.PresencePushes[2].Status));
    }

    [Fact]
    public async Task Contacts_are_checked_listed_in_pages_removed_and_kept_across_a_server_restart()
    {
        string directory = Directory.CreateTempSubdirectory("udpsuite-presence-test-").FullName;
        try
        {
            string[] others = [.. Enumerable.Range(0, 20).Select(i => $"{i:00}-" + new string('联', 20))]; // 63-byte names: 2 pages
            await using (var server = ChatTestServer.Start(directory, presence: new PresenceLimits { MaxContacts = 20 }))
            {
                using ChatTestPeer bob = await LoggedIn(server, "bob");
                foreach (string other in others)
                {
                    using var peer = new ChatTestPeer(server.Endpoint, other);
                    Assert.Null(await peer.RegisterAsync("pw"));
                }

                Assert.Equal(ChatErrorCode.UnknownRecipient, (await AddContact(bob, "nobody")).Code);
                Assert.Equal(ChatErrorCode.BadUserName, (await AddContact(bob, "bob")).Code);
                foreach (string other in others)
                {
                    Assert.Equal(ChatErrorCode.None, (await AddContact(bob, other)).Code);
                }

                Assert.Equal(ChatErrorCode.None, (await AddContact(bob, others[0])).Code); // again: still fine
                using (var extra = new ChatTestPeer(server.Endpoint, "extra"))
                {
                    await extra.RegisterAsync("pw");
                }

                Assert.Equal(ChatErrorCode.TooManyContacts, (await AddContact(bob, "extra")).Code);

                // A request resent with the same id is answered the same without running again; an older id is ignored.
                ReplyHeader removed = await Request(bob, ChatMessageType.ContactRemove, (id, b) => PresenceCodec.WriteContactChange(b, new ContactChangeBody(id, others[19])));
                Assert.Equal(ChatErrorCode.None, removed.Code);
                byte[] first = bob.Replies[^1].Body;
                await Request(bob, ChatMessageType.ContactRemove, (id, b) => PresenceCodec.WriteContactChange(b, new ContactChangeBody(id, others[19])), removed.RequestId);
                Assert.Equal(first, bob.Replies[^1].Body);
                int replies = bob.Replies.Count;
                var stale = new byte[128];
                bob.SendSecure(ChatMessageType.ContactAdd, stale.AsSpan(0, PresenceCodec.WriteContactChange(stale, new ContactChangeBody(removed.RequestId - 1, others[19]))));
                await bob.DrainAsync(TimeSpan.FromMilliseconds(200));
                Assert.Equal(replies, bob.Replies.Count);
                Assert.Equal(1, server.Counters.Get(PresenceEvents.StaleRequest));
            }

            await using (var restarted = ChatTestServer.Start(directory))
            {
                using ChatTestPeer bob = await LoggedIn(restarted, "bob");
                var listed = new List<string>();
                for (int page = 0; page < 5 && listed.Count < 19; page++)
                {
                    ushort offset = (ushort)listed.Count;
                    await Request(bob, ChatMessageType.ContactList, (id, b) => PresenceCodec.WriteContactList(b, new ContactListBody(id, offset)));

                    Assert.True(PresenceCodec.TryReadContactPage(bob.Replies[^1].Body, out ContactPage contacts));
                    Assert.Equal(19, contacts.Total);
                    Assert.NotEmpty(contacts.Names);
                    listed.AddRange(contacts.Names);
                }

                Assert.Equal(others[..19].Order(StringComparer.Ordinal), listed);
                Assert.True(await bob.WaitForAsync(() => bob.PresencePushes.Count == 19)); // the login snapshot: all offline
                Assert.All(bob.PresencePushes, p => Assert.Equal(PresenceState.Offline, p.State));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Members_of_a_shared_group_see_each_others_presence_without_being_contacts()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer bob = await LoggedIn(server, "bob");
        using (ChatTestPeer alice = await LoggedIn(server, "alice"))
        {
            alice.SendSecure(ChatMessageType.Logout, []);
        }

        Instant now = server.Clock.GetCurrentInstant();
        Assert.Equal(ChatErrorCode.None, server.Store.CreateGroup("team", "alice", null, now));
        Assert.Equal(ChatErrorCode.None, server.Store.JoinGroup("team", "bob", null, now));

        using ChatTestPeer aliceAgain = await LoggedIn(server, "alice");
        Assert.True(await bob.WaitForAsync(() => Changes(bob, "alice").Any(p => p.State == PresenceState.Online)));
        Assert.True(await aliceAgain.WaitForAsync(() => Changes(aliceAgain, "bob").Any(p => p.State == PresenceState.Online)));

        aliceAgain.SendSecure(ChatMessageType.Logout, []);
        Assert.True(await bob.WaitForAsync(() => Changes(bob, "alice")[^1].State == PresenceState.Offline));
    }
}
