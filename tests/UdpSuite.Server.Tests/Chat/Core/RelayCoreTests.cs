using System.Net;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Chat.Core;
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

    private (CorePeer Alice, CorePeer Bob) LoggedInPair()
    {
        CorePeer alice = _harness.Peer("alice", "127.0.0.1");
        CorePeer bob = _harness.Peer("bob", "127.0.0.2");
        alice.RegisterAndLogIn(Password);
        bob.RegisterAndLogIn(Password);
        _harness.Tick(Duration.FromMilliseconds(10)); // backlogs loaded, presence announced
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
