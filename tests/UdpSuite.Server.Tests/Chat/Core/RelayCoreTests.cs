using System.Net;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.Relay.Groups;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Tests.Chat.Core;

/// <summary>The relay core driven directly: in-memory peers, a fake clock, no sockets, no waiting.</summary>
public sealed class RelayCoreTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly RelayCoreHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void A_message_from_alice_reaches_bob_and_alice_gets_sent_and_delivered_receipts()
    {
        (CorePeer alice, CorePeer bob) = LoggedInPair();
        int sentBefore = _harness.Sent.Count;

        Guid id = alice.SendMessage("bob", "hello bob");

        DeliveryEnvelope delivery = Assert.Single(bob.Deliveries);
        Assert.Equal(("alice", "hello bob"), (delivery.From, delivery.Text));
        Assert.Equal([DeliveryState.Sent, DeliveryState.Delivered], alice.Receipts.Where(r => r.MessageId == id).Select(r => r.State));
        Assert.Empty(_harness.Store.Undelivered("bob", 0, 10));
        Assert.All(_harness.Sent[sentBefore..], s => Assert.Equal(ChatRoute.ValidatedSession, s.Route));
    }

    [Fact]
    public void An_unacknowledged_delivery_is_sent_again_once_its_retransmission_timeout_has_passed_on_the_clock()
    {
        (CorePeer alice, CorePeer bob) = LoggedInPair();
        bob.Acknowledges = false;

        alice.SendMessage("bob", "are you there?");
        Assert.Equal(1, DataCount(bob));

        _harness.Tick(Duration.FromMilliseconds(100)); // below the initial RTO of 200 ms
        Assert.Equal(1, DataCount(bob));

        _harness.Tick(Duration.FromMilliseconds(100));
        Assert.Equal(2, DataCount(bob));
        Assert.Equal(1, _harness.Counters.Get(ChatEvents.Retransmitted));

        bob.Acknowledges = true;
        _harness.Tick(Duration.FromMilliseconds(400)); // the RTO doubled after the first retransmission
        Assert.Single(bob.Deliveries);
        Assert.Empty(_harness.Store.Undelivered("bob", 0, 10));
    }

    [Fact]
    public void A_datagram_from_a_new_address_gets_a_path_challenge_there_while_answers_go_to_the_validated_address_until_it_is_answered()
    {
        (CorePeer alice, _) = LoggedInPair();
        SocketAddress validated = alice.Address;
        SocketAddress moved = new IPEndPoint(IPAddress.Parse("127.0.0.77"), 40_077).Serialize();
        int pongsBefore = Pongs(alice);
        int sentBefore = _harness.Sent.Count;

        alice.Address = moved;
        alice.Ping(); // the challenge reaches alice at the new address and she answers it from there

        List<RelayCoreHarness.SentDatagram> after = _harness.Sent[sentBefore..];
        RelayCoreHarness.SentDatagram challenge = after[0];
        Assert.Equal(ChatRoute.PathCandidate, challenge.Route);
        Assert.Equal(moved, challenge.Destination);
        Assert.Equal(challenge.Datagram.Length, challenge.Allowance);
        RelayCoreHarness.SentDatagram pong = after[1];
        Assert.Equal((ChatRoute.ValidatedSession, validated), (pong.Route, pong.Destination)); // not to the new address
        Assert.Equal(pongsBefore, Pongs(alice)); // alice is no longer at the old address
        Assert.Equal(1, _harness.Counters.Get(ChatEvents.PathValidated));

        alice.Ping();
        Assert.Equal(pongsBefore + 1, Pongs(alice));
        Assert.Equal(moved, _harness.Sent[^1].Destination);
    }

    [Fact]
    public void A_session_that_pings_but_never_acknowledges_a_delivery_ends_after_the_give_up_time_and_the_message_waits_for_the_next_login()
    {
        (CorePeer alice, CorePeer bob) = LoggedInPair();
        bob.Acknowledges = false;
        Guid id = alice.SendMessage("bob", "kept for later");

        for (int second = 1; second <= 29; second++)
        {
            _harness.Tick(Duration.FromSeconds(1));
            bob.Ping(); // alive, so the idle timeout never ends it
        }

        Assert.NotNull(_harness.Core.SessionOf("bob"));
        _harness.TickFor(Duration.FromSeconds(2), Duration.FromMilliseconds(500));

        Assert.Null(_harness.Core.SessionOf("bob"));
        Assert.Equal(1, _harness.Counters.Get(ChatEvents.RetransmitGaveUp));
        Assert.Equal(0, _harness.Counters.Get(ChatEvents.SessionExpired));
        Assert.Equal(id, Assert.Single(_harness.Store.Undelivered("bob", 0, 10)).MessageId);
        Assert.Empty(bob.Deliveries);

        bob.Acknowledges = true;
        bob.LogIn(Password);
        _harness.Tick(Duration.FromMilliseconds(10)); // the backlog is loaded on the first tick after login

        Assert.Equal("kept for later", Assert.Single(bob.Deliveries).Text);
        Assert.Empty(_harness.Store.Undelivered("bob", 0, 10));
    }

    [Fact]
    public void The_exit_drops_and_counts_an_answer_to_an_unauthenticated_source_beyond_three_times_its_request()
    {
        var sender = new RecordingSender();
        var exit = new ChatDatagramExit(_harness.Counters);
        exit.Attach(sender);
        var actions = new ChatActions();
        SocketAddress source = new IPEndPoint(IPAddress.Loopback, 40_100).Serialize();
        const int Request = 20; // 3 * (20 + 28) - 28 = 116 bytes may go back
        var reply = new byte[2048];

        exit.BeginRequest(Request);
        actions.ToRequestSource(new byte[117], source, Request);
        HandlerResult refused = exit.RunReplies(actions, source, Request, reply);

        Assert.True(refused.IsNoReply);
        Assert.Empty(sender.Sent);
        Assert.Equal(1, _harness.Counters.Get(ChatDropReasons.AmplificationExceeded));

        exit.BeginRequest(Request);
        actions.ToRequestSource(new byte[116], source, Request);
        Assert.Equal(HandlerResult.Reply(116), exit.RunReplies(actions, source, Request, reply));

        // Two answers share the request's budget: the second would pass alone, not after the first.
        exit.BeginRequest(Request);
        actions.ToRequestSource(new byte[60], source, Request);
        actions.ToRequestSource(new byte[60], source, Request);
        Assert.True(exit.RunReplies(actions, source, Request, reply).IsNoReply);
        Assert.Single(sender.Sent);
        Assert.Equal(2, _harness.Counters.Get(ChatDropReasons.AmplificationExceeded));
        Assert.Equal(0, actions.Count);
    }

    [Fact]
    public void The_exit_sends_nothing_to_an_unvalidated_address_from_a_timer_and_only_charged_bytes_to_a_path_candidate()
    {
        var sender = new RecordingSender();
        var exit = new ChatDatagramExit(_harness.Counters);
        exit.Attach(sender);
        var actions = new ChatActions();
        SocketAddress address = new IPEndPoint(IPAddress.Loopback, 40_101).Serialize();

        exit.BeginInternal();
        actions.ToRequestSource(new byte[40], address, 100);
        actions.ToPathCandidate(new byte[50], address, 49);
        actions.ToPathCandidate(new byte[49], address, 49);
        actions.ToValidatedSession(new byte[1200], address);
        exit.Run(actions);

        Assert.Equal([49, 1200], sender.Sent.Select(s => s.Length));
        Assert.Equal(1, _harness.Counters.Get(ChatDropReasons.AmplificationExceeded));
        Assert.Equal(1, _harness.Counters.Get(ChatDropReasons.UnchargedPathDatagram));
    }

    [Fact]
    public void A_submission_is_neither_acknowledged_nor_receipted_before_its_commit_completes_and_both_follow_the_completion()
    {
        (CorePeer alice, CorePeer bob) = LoggedInPair();
        _harness.AutoComplete = false;

        Guid id = alice.SendMessage("bob", "durable first");

        Assert.Equal(0, alice.AcksOf(id));
        Assert.DoesNotContain(alice.Receipts, r => r.MessageId == id);
        Assert.Empty(_harness.Store.Undelivered("bob", 0, 10)); // not run yet: nothing stored
        Assert.Single(_harness.Held);

        _harness.AutoComplete = true;
        _harness.CompleteNext();

        Assert.Equal(1, alice.AcksOf(id));
        Assert.Equal([DeliveryState.Sent, DeliveryState.Delivered], alice.Receipts.Where(r => r.MessageId == id).Select(r => r.State));
        Assert.Equal("durable first", Assert.Single(bob.Deliveries).Text);
        Assert.Equal(0, _harness.Core.PendingStoreItems);
    }

    [Fact]
    public void A_commit_that_completes_after_its_session_timed_out_is_stored_and_the_resend_from_a_new_session_gets_the_stored_sequence()
    {
        (CorePeer alice, _) = LoggedInPair();
        _harness.AutoComplete = false;
        Guid id = alice.SendMessage("bob", "committed while gone");

        _harness.Tick(Duration.FromSeconds(61)); // past the idle timeout: alice's session ends with its commit in flight
        Assert.Null(_harness.Core.SessionOf("alice"));
        int acks = alice.AcksOf(id);
        _harness.CompleteNext();

        StoredMessage stored = Assert.Single(_harness.Store.Undelivered("bob", 0, 10));
        Assert.Equal((id, 1UL), (stored.MessageId, stored.InboxSequence));
        Assert.Equal(acks, alice.AcksOf(id)); // nothing sent to the ended session
        Assert.Equal(1, _harness.Counters.Get(ChatEvents.Committed));

        _harness.AutoComplete = true;
        alice.LogIn(Password);
        alice.SendMessage("bob", "committed while gone", resend: id);

        ReceiptBody sent = Assert.Single(alice.Receipts, r => r.MessageId == id && r.State == DeliveryState.Sent);
        Assert.Equal(1UL, sent.ServerSequence);
        Assert.Equal(1, _harness.Counters.Get(ChatEvents.DuplicateSubmission));
        Assert.Single(_harness.Store.Undelivered("bob", 0, 10)); // stored once
    }

    [Fact]
    public void Two_store_requests_in_flight_complete_in_issue_order_and_the_inbox_keeps_the_order_of_arrival()
    {
        (CorePeer alice, CorePeer bob) = LoggedInPair();
        _harness.AutoComplete = false;

        Guid[] ids = [alice.SendMessage("bob", "one"), alice.SendMessage("bob", "two"), alice.SendMessage("bob", "three")];

        Assert.Equal(2, _harness.Held.Count); // at most two in flight ...
        Assert.Equal(1, _harness.Core.PendingCommitCount); // ... the third waits in the open request
        StoreBatch second = _harness.Held.ElementAt(1); // the shell must hand completions back in issue order
        Assert.Throws<InvalidOperationException>(() => _harness.Core.Complete(second, _harness.Clock.GetCurrentInstant()));

        _harness.AutoComplete = true;
        _harness.CompleteNext();

        Assert.Equal(["one", "two", "three"], bob.Deliveries.Select(d => d.Text));
        Assert.Equal([1UL, 2UL, 3UL], bob.Deliveries.Select(d => d.ServerSequence));
        Assert.Equal([1UL, 2UL, 3UL], ids.Select(id => alice.Receipts.Single(r => r.MessageId == id && r.State == DeliveryState.Sent).ServerSequence));
        Assert.Empty(_harness.Held);
    }

    [Fact]
    public void A_failed_commit_is_rejected_as_StoreUnavailable_without_an_ack_and_the_resend_commits_once_the_store_works()
    {
        (CorePeer alice, CorePeer bob) = LoggedInPair();
        _harness.AutoComplete = false;
        Guid id = alice.SendMessage("bob", "try again");

        _harness.CompleteNext(new ChatStoreException("disk full"));

        Assert.Equal(new RejectBody(id, ChatErrorCode.StoreUnavailable), Assert.Single(alice.Rejects));
        Assert.Equal(0, alice.AcksOf(id));
        Assert.Empty(_harness.Store.Undelivered("bob", 0, 10));
        Assert.Equal(1, _harness.Counters.Get(ChatEvents.StoreError));

        _harness.AutoComplete = true;
        alice.SendMessage("bob", "try again", resend: id);

        Assert.Equal(1, alice.AcksOf(id));
        Assert.Equal("try again", Assert.Single(bob.Deliveries).Text);
    }

    [Fact]
    public void While_the_store_is_behind_new_fragments_are_dropped_unacknowledged_and_the_resend_is_taken_once_it_caught_up()
    {
        using var harness = new RelayCoreHarness(new ChatRelayLimits { MaxPendingStoreItems = 1 });
        (CorePeer alice, CorePeer bob) = LoggedInPair(harness);
        harness.AutoComplete = false;

        alice.SendMessage("bob", "one");
        alice.SendMessage("bob", "two");
        alice.SendMessage("bob", "three"); // two in flight, the open request is full
        Guid late = alice.SendMessage("bob", "four");

        Assert.Equal(ChatDropReasons.StoreBehind, harness.Dropped[^1]);
        Assert.Equal(0, alice.AcksOf(late));
        Assert.Equal(1, harness.Core.PendingCommitCount);

        harness.AutoComplete = true;
        harness.CompleteNext();
        alice.SendMessage("bob", "four", resend: late);

        Assert.Equal(["one", "two", "three", "four"], bob.Deliveries.Select(d => d.Text));
        Assert.Equal(1, alice.AcksOf(late));
    }

    [Fact]
    public void A_resent_completing_fragment_of_a_submission_being_committed_waits_for_the_completion_and_is_committed_once()
    {
        (CorePeer alice, CorePeer bob) = LoggedInPair();
        _harness.AutoComplete = false;
        Guid id = alice.SendMessage("bob", "patience");

        alice.SendMessage("bob", "patience", resend: id); // the client's retransmission while the commit runs
        Assert.Single(_harness.Held);
        Assert.Equal(0, _harness.Core.PendingCommitCount);

        _harness.AutoComplete = true;
        _harness.CompleteNext();

        Assert.Equal(1, alice.AcksOf(id));
        Assert.Equal(1, _harness.Counters.Get(ChatEvents.Committed));
        Assert.Equal(0, _harness.Counters.Get(ChatEvents.DuplicateSubmission));
        Assert.Single(bob.Deliveries);
    }

    [Fact]
    public void A_delivered_receipt_is_acknowledged_and_forwarded_to_the_sender_only_when_the_store_recorded_it()
    {
        (CorePeer alice, CorePeer bob) = LoggedInPair();
        Guid id = alice.SendMessage("bob", "read me");
        Assert.Single(bob.Deliveries);
        Assert.Contains(alice.Receipts, r => r.MessageId == id && r.State == DeliveryState.Delivered);
        _harness.AutoComplete = false;
        int bobAcksBefore = bob.AcksOf(id);

        var body = new byte[64];
        int length = SessionBodyCodec.WriteReceipt(body, new ReceiptBody(id, DeliveryState.Read, 1, 0));
        bob.Send(ChatMessageType.Receipt, body.AsSpan(0, length));

        Assert.Equal(bobAcksBefore, bob.AcksOf(id));
        Assert.DoesNotContain(alice.Receipts, r => r.MessageId == id && r.State == DeliveryState.Read);

        _harness.AutoComplete = true;
        _harness.CompleteNext();

        Assert.Equal(bobAcksBefore + 1, bob.AcksOf(id));
        Assert.Contains(alice.Receipts, r => r.MessageId == id && r.State == DeliveryState.Read);
    }

    [Fact]
    public void A_held_account_lookup_lets_neither_LOGIN_PARAMS_nor_WELCOME_leave_and_a_resent_LOGIN_START_is_looked_up_once()
    {
        (CorePeer alice, _) = LoggedInPair();
        _harness.AutoComplete = false;
        long welcomes = _harness.Counters.Get(ChatEvents.LoggedIn);

        alice.OpenChannel(); // a second login of alice
        alice.SendLoginStart();
        alice.SendLoginStart(); // the client's retransmission while the lookup is pending

        Assert.Empty(alice.LoginAnswerTypes);
        Assert.Single(Assert.Single(_harness.Held).Logins);
        Assert.Equal(welcomes, _harness.Counters.Get(ChatEvents.LoggedIn));

        _harness.AutoComplete = true;
        _harness.CompleteNext();

        Assert.Equal([(byte)ChannelMessageType.LoginParams], alice.LoginAnswerTypes); // one answer for the one lookup
        alice.FinishLogIn(Password);
        Assert.Equal(welcomes + 1, _harness.Counters.Get(ChatEvents.LoggedIn));
    }

    [Fact]
    public void An_unknown_name_gets_its_decoy_LOGIN_PARAMS_only_when_the_lookup_completes_and_the_same_decoy_on_every_channel()
    {
        CorePeer mallory = _harness.Peer("mallory", "127.0.0.9");
        var decoys = new List<byte[]>();
        for (int attempt = 0; attempt < 2; attempt++)
        {
            _harness.AutoComplete = false;
            mallory.OpenChannel();
            mallory.SendLoginStart();
            Assert.Empty(mallory.LoginAnswerTypes);

            _harness.AutoComplete = true;
            _harness.CompleteNext();
            decoys.Add(mallory.TakeLoginAnswer(ChannelMessageType.LoginParams));
        }

        Assert.Equal(decoys[0], decoys[1]);
    }

    [Fact]
    public void A_group_CREATE_resent_while_its_store_item_is_pending_is_executed_once_and_answered_once_then_from_the_cache()
    {
        (CorePeer alice, _) = LoggedInPair();
        _harness.AutoComplete = false;
        var create = new GroupRequestBody(Guid.NewGuid(), GroupOperation.Create, "hikers");

        alice.SendGroupRequest(create);
        alice.SendGroupRequest(create);

        Assert.Empty(alice.GroupResults);
        Assert.Single(Assert.Single(_harness.Held).GroupRequests);
        Assert.Empty(_harness.Store.GroupsOf("alice")); // not run yet

        _harness.AutoComplete = true;
        _harness.CompleteNext();

        Assert.Equal(ChatErrorCode.None, Assert.Single(alice.GroupResults).Status); // not GroupExists from a second run
        Assert.Equal(1, _harness.Counters.Get(GroupEvents.Request));

        alice.SendGroupRequest(create); // its GROUP_RESULT was lost: the remembered answer, no store item
        Assert.Equal([ChatErrorCode.None, ChatErrorCode.None], alice.GroupResults.Select(r => r.Status));
        Assert.Equal(0, _harness.Core.PendingStoreItems);
        Assert.Equal(1, _harness.Counters.Get(GroupEvents.Request));
        Assert.Single(_harness.Store.GroupsOf("alice"));
    }

    [Fact]
    public void A_failed_store_on_a_group_request_answers_StoreUnavailable_unremembered_and_the_resend_runs_once_the_store_works()
    {
        (CorePeer alice, _) = LoggedInPair();
        _harness.AutoComplete = false;
        var create = new GroupRequestBody(Guid.NewGuid(), GroupOperation.Create, "hikers");
        alice.SendGroupRequest(create);

        _harness.CompleteNext(new ChatStoreException("disk full"));

        GroupResultBody failed = Assert.Single(alice.GroupResults);
        Assert.Equal((create.RequestId, GroupOperation.Create, ChatErrorCode.StoreUnavailable), (failed.RequestId, failed.Operation, failed.Status));
        Assert.Equal(1, _harness.Counters.Get(ChatEvents.StoreError));

        _harness.AutoComplete = true;
        alice.SendGroupRequest(create);

        Assert.Equal([ChatErrorCode.StoreUnavailable, ChatErrorCode.None], alice.GroupResults.Select(r => r.Status));
        Assert.Single(_harness.Store.GroupsOf("alice"));
    }

    [Fact]
    public void A_held_CONTACT_ADD_is_answered_and_the_contacts_presence_pushed_only_when_it_completes_and_its_resend_runs_once()
    {
        (CorePeer alice, _) = LoggedInPair();
        _harness.AutoComplete = false;
        var body = new byte[64];
        int length = PresenceCodec.WriteContactChange(body, new ContactChangeBody(1, "bob"));

        alice.Send(ChatMessageType.ContactAdd, body.AsSpan(0, length));
        alice.Send(ChatMessageType.ContactAdd, body.AsSpan(0, length)); // resent while pending

        Assert.Empty(alice.Replies);
        Assert.DoesNotContain(alice.Pushes, p => p.User == "bob");
        Assert.Single(Assert.Single(_harness.Held).ContactRequests);
        Assert.Empty(_harness.Store.Contacts("alice"));

        _harness.AutoComplete = true;
        _harness.CompleteNext();

        Assert.Equal(new ReplyHeader(1, ChatErrorCode.None), Assert.Single(alice.Replies));
        Assert.Contains(alice.Pushes, p => p.User == "bob" && p.State == PresenceState.Online);
        Assert.Equal(["bob"], _harness.Store.Contacts("alice"));
        Assert.Equal(1, _harness.Counters.Get(PresenceEvents.ContactAdded));

        alice.Send(ChatMessageType.ContactAdd, body.AsSpan(0, length)); // its REPLY was lost: the remembered one
        Assert.Equal(2, alice.Replies.Count);
        Assert.Equal(0, _harness.Core.PendingStoreItems);
    }

    private (CorePeer Alice, CorePeer Bob) LoggedInPair() => LoggedInPair(_harness);

    private static (CorePeer Alice, CorePeer Bob) LoggedInPair(RelayCoreHarness harness)
    {
        CorePeer alice = harness.Peer("alice", "127.0.0.1");
        CorePeer bob = harness.Peer("bob", "127.0.0.2");
        alice.RegisterAndLogIn(Password);
        bob.RegisterAndLogIn(Password);
        harness.Tick(Duration.FromMilliseconds(10)); // backlogs loaded, presence announced
        return (alice, bob);
    }

    private static int DataCount(CorePeer peer) => peer.Received.Count(r => r.Type == ChatMessageType.Data);

    private static int Pongs(CorePeer peer) => peer.Received.Count(r => r.Type == ChatMessageType.Pong);

    private sealed class RecordingSender : IDatagramSender
    {
        public List<byte[]> Sent { get; } = [];

        public bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote)
        {
            Sent.Add(datagram.ToArray());
            return true;
        }
    }
}
