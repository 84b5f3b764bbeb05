using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Chat.Presence;

namespace UdpSuite.Server.Tests.Chat.Core;

/// <summary>
/// Several sessions per account (docs/PROTOCOL.md, "Sessions and devices") in the relay core: in-memory peers, a fake
/// clock, no sockets. Two peers with one user name are two sessions of that user.
/// </summary>
public sealed class SessionsCoreTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private static readonly LoginDevice Laptop = new(0x1111, Transient: false, "laptop (chat)");
    private static readonly LoginDevice Desktop = new(0x2222, Transient: false, "desktop (listen)");
    private static readonly LoginDevice OneShot = new(0x3333, Transient: true, "laptop (send)");
    private readonly RelayCoreHarness _harness = new(new ChatRelayLimits { MaxSessionsPerUser = 3 });

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Two_receiving_sessions_both_get_a_message_while_transient_sessions_of_the_user_come_and_go_and_a_watcher_never_sees_the_user_offline()
    {
        CorePeer alice = LoggedIn("alice", "127.0.0.1", null, register: true);
        alice.SendGroupRequest(new GroupRequestBody(Guid.NewGuid(), GroupOperation.Create, "team"));
        CorePeer laptop = LoggedIn("bob", "127.0.0.2", Laptop, register: true);
        laptop.SendGroupRequest(new GroupRequestBody(Guid.NewGuid(), GroupOperation.Join, "team"));
        CorePeer desktop = LoggedIn("bob", "127.0.0.3", Desktop);
        _harness.Tick(Duration.FromMilliseconds(10));
        int pushesBefore = alice.Pushes.Count;

        for (int round = 0; round < 5; round++)
        {
            CorePeer oneShot = LoggedIn("bob", $"127.0.1.{round + 1}", OneShot);
            oneShot.SendMessage("alice", $"one-shot {round}");
            _harness.Tick(Duration.FromMilliseconds(10));
            oneShot.Send(ChatMessageType.Logout, []);
            Guid id = alice.SendMessage("bob", $"to bob {round}");
            _harness.Tick(Duration.FromMilliseconds(10));
            Assert.Contains(id, laptop.DeliveryIds);
            Assert.Contains(id, desktop.DeliveryIds);
            Assert.DoesNotContain(id, oneShot.DeliveryIds);
        }

        Assert.Equal(5, laptop.Deliveries.Count(d => d.From == "alice"));
        Assert.Equal(5, desktop.Deliveries.Count(d => d.From == "alice"));
        Assert.Equal(3, _harness.Core.SessionCount); // alice and bob's two receiving sessions: nobody was replaced
        Assert.DoesNotContain(alice.Pushes.Skip(pushesBefore), p => p.User == "bob"); // no flapping
        Assert.Equal(PresenceState.Online, _harness.Core.PresenceOf("bob", _harness.Clock.GetCurrentInstant()).State);

        laptop.Send(ChatMessageType.Logout, []);
        Assert.DoesNotContain(alice.Pushes.Skip(pushesBefore), p => p.User == "bob");
        desktop.Send(ChatMessageType.Logout, []);
        _harness.Tick(Duration.FromMilliseconds(10));
        Assert.Equal(PresenceState.Offline, alice.Pushes.Last(p => p.User == "bob").State); // the last receiving session ended
    }

    [Fact]
    public void A_message_sent_from_one_device_arrives_as_outgoing_in_the_other_and_not_in_the_sender()
    {
        LoggedIn("alice", "127.0.0.1", null, register: true);
        CorePeer laptop = LoggedIn("bob", "127.0.0.2", Laptop, register: true);
        CorePeer desktop = LoggedIn("bob", "127.0.0.3", Desktop);
        _harness.Tick(Duration.FromMilliseconds(10));

        Guid id = laptop.SendMessage("alice", "from the laptop");
        _harness.Tick(Duration.FromMilliseconds(10));

        DeliveryEnvelope copy = Assert.Single(desktop.Deliveries);
        Assert.Equal(("bob", "alice", "from the laptop"), (copy.From, copy.To, copy.Text));
        Assert.Equal(id, Assert.Single(desktop.DeliveryIds));
        Assert.Empty(laptop.Deliveries);
        Assert.Contains(laptop.Receipts, r => r.MessageId == id && r.State == DeliveryState.Sent);
    }

    [Fact]
    public void A_read_in_one_session_is_pushed_as_read_sync_to_the_other_and_a_device_that_was_off_catches_up_at_login()
    {
        CorePeer alice = LoggedIn("alice", "127.0.0.1", null, register: true);
        CorePeer laptop = LoggedIn("bob", "127.0.0.2", Laptop, register: true);
        CorePeer desktop = LoggedIn("bob", "127.0.0.3", Desktop);
        _harness.Tick(Duration.FromMilliseconds(10));

        Guid first = alice.SendMessage("bob", "read me");
        _harness.Tick(Duration.FromMilliseconds(10));
        laptop.Read(first, laptop.Deliveries[0].ServerSequence);
        _harness.Tick(Duration.FromMilliseconds(10));

        Assert.Equal(first, Assert.Single(desktop.ReadSyncs).MessageId);
        Assert.Empty(laptop.ReadSyncs);
        Assert.Contains(alice.Receipts, r => r.MessageId == first && r.State == DeliveryState.Read);

        desktop.Send(ChatMessageType.Logout, []);
        _harness.Tick(Duration.FromMilliseconds(10));
        Guid second = alice.SendMessage("bob", "read me too");
        _harness.Tick(Duration.FromMilliseconds(10));
        laptop.Read(second, laptop.Deliveries[1].ServerSequence);
        _harness.Tick(Duration.FromSeconds(1));

        CorePeer desktopAgain = LoggedIn("bob", "127.0.0.4", Desktop);
        _harness.Tick(Duration.FromMilliseconds(10));
        Assert.Equal(second, Assert.Single(desktopAgain.ReadSyncs).MessageId);
        Assert.Equal(second, Assert.Single(desktopAgain.DeliveryIds)); // its device had confirmed the first one already
    }

    [Fact]
    public void At_the_cap_a_login_ends_the_least_recently_active_transient_session_and_is_refused_when_all_are_receiving()
    {
        LoggedIn("bob", "127.0.0.2", Laptop, register: true);
        LoggedIn("bob", "127.0.0.3", Desktop);
        CorePeer oneShot = LoggedIn("bob", "127.0.0.4", OneShot);
        Assert.Equal(3, _harness.Core.SessionsOf("bob").Count);

        CorePeer third = LoggedIn("bob", "127.0.0.5", new LoginDevice(0x4444, Transient: false, "tablet (chat)"));
        Assert.Empty(third.LoginErrors);
        Assert.DoesNotContain(_harness.Core.SessionsOf("bob"), s => s.Transient);
        Assert.Equal(1, _harness.Counters.Get(ChatEvents.SessionReplaced));

        CorePeer fourth = LoggedIn("bob", "127.0.0.6", new LoginDevice(0x5555, Transient: false, "phone (chat)"));
        Assert.Equal([ChatErrorCode.TooManyPending], fourth.LoginErrors);
        Assert.Equal(3, _harness.Core.SessionsOf("bob").Count);
        Assert.Empty(oneShot.LoginErrors);
    }

    [Fact]
    public void Sessions_list_shows_every_session_of_the_user_and_session_end_ends_one_but_not_another_users()
    {
        CorePeer alice = LoggedIn("alice", "127.0.0.1", null, register: true);
        CorePeer laptop = LoggedIn("bob", "127.0.0.2", Laptop, register: true);
        CorePeer oneShot = LoggedIn("bob", "127.0.0.3", OneShot);
        _harness.Tick(Duration.FromMilliseconds(10));

        var body = new byte[64];
        oneShot.Send(ChatMessageType.SessionsList, body.AsSpan(0, SessionsCodec.WriteSessionsList(body, new SessionsListBody(7, 0))));
        (ChatMessageType _, byte[] reply) = oneShot.Received.Last(r => r.Type == ChatMessageType.Reply);
        Assert.True(SessionsCodec.TryReadSessionsPage(reply, out SessionsPage page));
        Assert.Equal(2, page.Total);
        Assert.Equal([("laptop (chat)", false, false), ("laptop (send)", true, true)], page.Sessions.Select(s => (s.DeviceName, s.Transient, s.Current)));

        ulong aliceSession = _harness.Core.SessionOf("alice")!.Id;
        oneShot.Send(ChatMessageType.SessionEnd, body.AsSpan(0, SessionsCodec.WriteSessionEnd(body, new SessionEndBody(8, aliceSession))));
        Assert.Equal(ChatErrorCode.UnknownSession, oneShot.Replies[^1].Code);
        Assert.NotNull(_harness.Core.SessionOf("alice"));

        oneShot.Send(ChatMessageType.SessionEnd, body.AsSpan(0, SessionsCodec.WriteSessionEnd(body, new SessionEndBody(9, page.Sessions[0].SessionId))));
        Assert.Equal((9u, ChatErrorCode.None), (oneShot.Replies[^1].RequestId, oneShot.Replies[^1].Code));
        Assert.Single(_harness.Core.SessionsOf("bob"));
        _harness.Tick(Duration.FromMilliseconds(10));
        Assert.Equal(PresenceState.Offline, _harness.Core.PresenceOf("bob", _harness.Clock.GetCurrentInstant()).State); // its last receiving session ended
        Assert.Empty(laptop.LoginErrors);
        Assert.DoesNotContain(alice.Pushes, p => p.User == "bob"); // alice does not watch bob
    }

    [Fact]
    public void The_chosen_presence_is_stored_and_shown_again_after_a_new_login()
    {
        CorePeer oneShot = LoggedIn("bob", "127.0.0.2", OneShot, register: true);
        var body = new byte[128];
        oneShot.Send(ChatMessageType.PresenceSet, body.AsSpan(0, PresenceCodec.WritePresenceSet(body, new PresenceSetBody(1, PresenceState.Away, "in a meeting"))));
        _harness.Tick(Duration.FromMilliseconds(10));

        Assert.Equal((PresenceState.Away, "in a meeting"), _harness.Store.LoadPresenceChoice("bob") is { } kept ? (kept.State, kept.Status) : default);
        Assert.Equal(PresenceState.Offline, _harness.Core.PresenceOf("bob", _harness.Clock.GetCurrentInstant()).State); // only a transient session

        LoggedIn("bob", "127.0.0.3", Laptop);
        _harness.Tick(Duration.FromMilliseconds(10));
        PresenceInfo shown = _harness.Core.PresenceOf("bob", _harness.Clock.GetCurrentInstant());
        Assert.Equal((PresenceState.Away, "in a meeting"), (shown.State, shown.Status));
    }

    [Fact]
    public void History_pages_a_conversation_and_a_group_newest_first_and_a_resent_request_is_not_run_again()
    {
        CorePeer alice = LoggedIn("alice", "127.0.0.1", null, register: true);
        CorePeer oneShot = LoggedIn("bob", "127.0.0.2", OneShot, register: true);
        alice.SendGroupRequest(new GroupRequestBody(Guid.NewGuid(), GroupOperation.Create, "team"));
        oneShot.SendGroupRequest(new GroupRequestBody(Guid.NewGuid(), GroupOperation.Join, "team"));
        Guid[] sent = [.. Enumerable.Range(0, 5).Select(i => alice.SendMessage("bob", $"message {i}"))];
        _harness.Tick(Duration.FromMilliseconds(10));

        HistoryPage newest = AskHistory(oneShot, new HistoryRequestBody(1, HistoryKind.Conversation, "alice", 0, 3));
        Assert.Equal(["message 4", "message 3", "message 2"], newest.Entries.Select(e => e.Text));
        Assert.Equal(sent[2..].Reverse(), newest.Entries.Select(e => e.MessageId));
        HistoryPage older = AskHistory(oneShot, new HistoryRequestBody(2, HistoryKind.Conversation, "alice", newest.NextBefore, 3));
        Assert.Equal(["message 1", "message 0"], older.Entries.Select(e => e.Text));
        Assert.Equal(0UL, older.NextBefore);

        int pages = HistoryDatagrams(oneShot);
        var body = new byte[128];
        oneShot.Send(ChatMessageType.HistoryRequest, body.AsSpan(0, SessionsCodec.WriteHistoryRequest(body, new HistoryRequestBody(2, HistoryKind.Conversation, "alice", newest.NextBefore, 3))));
        _harness.Tick(Duration.FromMilliseconds(10));
        Assert.Equal(pages, HistoryDatagrams(oneShot)); // answered already, and acknowledged: nothing again

        HistoryPage group = AskHistory(oneShot, new HistoryRequestBody(3, HistoryKind.Group, "nowhere", 0, 3));
        Assert.Equal(ChatErrorCode.UnknownGroup, group.Code);
        Assert.Empty(group.Entries);
    }

    private HistoryPage AskHistory(CorePeer peer, HistoryRequestBody request)
    {
        var body = new byte[128];
        peer.Send(ChatMessageType.HistoryRequest, body.AsSpan(0, SessionsCodec.WriteHistoryRequest(body, request)));
        _harness.Tick(Duration.FromMilliseconds(10));
        (ChatMessageType _, byte[] data) = peer.Received.Last(r => r.Type == ChatMessageType.HistoryData);
        Assert.True(SessionBodyCodec.TryReadData(data, out DataFragment fragment));
        Assert.Equal(1, fragment.Count); // small pages: one fragment
        var ack = new byte[64];
        peer.Send(ChatMessageType.Ack, ack.AsSpan(0, SessionBodyCodec.WriteAck(ack, new AckBody(new Guid(fragment.MessageId, bigEndian: true), 0))));
        Assert.True(SessionsCodec.TryDecodeHistoryPage(fragment.Chunk, out HistoryPage page));
        Assert.Equal(request.RequestId, page.RequestId);
        return page;
    }

    private static int HistoryDatagrams(CorePeer peer) => peer.Received.Count(r => r.Type == ChatMessageType.HistoryData);

    private CorePeer LoggedIn(string user, string address, LoginDevice? device, bool register = false)
    {
        CorePeer peer = _harness.Peer(user, address);
        peer.Device = device;
        if (register)
        {
            peer.RegisterAndLogIn(Password);
        }
        else
        {
            peer.LogIn(Password);
        }

        _harness.Tick(Duration.FromMilliseconds(10)); // backlog loaded, presence announced
        return peer;
    }
}
