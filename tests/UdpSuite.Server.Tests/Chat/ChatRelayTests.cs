using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat;

namespace UdpSuite.Server.Tests.Chat;

public class ChatRelayTests
{
    private static async Task<ChatTestPeer> LoggedIn(ChatTestServer server, string user, string password = "pw")
    {
        var peer = new ChatTestPeer(server.Endpoint, user);
        if (await peer.RegisterAsync(password) is { } registerError && registerError != ChatErrorCode.UserExists)
        {
            throw new InvalidOperationException($"register {user}: {registerError}");
        }

        Assert.Null(await peer.LoginAsync(password));
        server.Tick(); // loads the (empty) backlog
        return peer;
    }

    [Fact]
    public async Task A_message_between_two_online_users_is_sent_delivered_and_read_with_receipts_to_the_sender()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        using ChatTestPeer bob = await LoggedIn(server, "bob");

        Guid id = alice.Send("bob", "hello 瞎驴 🙂");

        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Any(r => r.State == DeliveryState.Sent)));
        ReceiptBody sent = alice.Receipts.Single(r => r.State == DeliveryState.Sent);
        Assert.Equal((id, 1UL), (sent.MessageId, sent.ServerSequence));
        Assert.Contains(alice.Acks, a => a.MessageId == id && a.Index == 0);

        Assert.True(await bob.WaitForAsync(() => bob.Deliveries.Count == 1));
        DeliveryEnvelope delivery = bob.Deliveries[0];
        Assert.Equal(("alice", "bob", "hello 瞎驴 🙂", 1UL, 0UL), (delivery.From, delivery.To, delivery.Text, delivery.ServerSequence, delivery.PreviousSequence));
        Assert.Equal(sent.UnixMilliseconds, delivery.SentAtUnixMilliseconds);

        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Any(r => r.State == DeliveryState.Delivered)));
        bob.SendReceipt(id, DeliveryState.Read, 1);
        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Any(r => r.State == DeliveryState.Read)));
        Assert.Equal(1, server.Counters.Get(ChatEvents.Delivered));
        Assert.Equal(1, server.Counters.Get(ChatEvents.Read));
        Assert.Equal(0, alice.Unverifiable + bob.Unverifiable);
    }

    [Fact]
    public async Task A_20_KiB_message_is_fragmented_reassembled_and_delivered_intact()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        using ChatTestPeer bob = await LoggedIn(server, "bob");
        string text = string.Concat(Enumerable.Repeat("一棵树武大郎", 20 * 1024 / 18 + 1));

        alice.Send("bob", text);

        Assert.True(await bob.WaitForAsync(() => bob.Deliveries.Count == 1, onIdle: () => server.Tick(NodaTime.Duration.FromMilliseconds(300))));
        Assert.Equal(text, bob.Deliveries[0].Text);
        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Any(r => r.State == DeliveryState.Delivered)));
    }

    [Fact]
    public async Task Messages_to_an_offline_user_arrive_in_order_at_the_next_login()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        using (ChatTestPeer bob = await LoggedIn(server, "bob"))
        {
            bob.SendSecure(ChatMessageType.Logout, []);
        }

        var ids = new List<Guid>();
        for (int i = 1; i <= 20; i++)
        {
            ids.Add(alice.Send("bob", $"offline {i}"));
            int expected = i;
            Assert.True(await alice.WaitForAsync(() => alice.Receipts.Count(r => r.State == DeliveryState.Sent) == expected));
        }

        using var bobAgain = new ChatTestPeer(server.Endpoint, "bob");
        Assert.Null(await bobAgain.LoginAsync("pw"));
        Assert.True(await bobAgain.WaitForAsync(() => bobAgain.Deliveries.Count == 20, onIdle: () => server.Tick(NodaTime.Duration.FromMilliseconds(10))));

        Assert.Equal(ids, bobAgain.DeliveredIds);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (ulong)i), bobAgain.Deliveries.Select(d => d.ServerSequence));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"offline {i}"), bobAgain.Deliveries.Select(d => d.Text));
        Assert.All(bobAgain.Deliveries, d => Assert.True(d.PreviousSequence < d.ServerSequence));
        Assert.Equal(0UL, bobAgain.Deliveries[0].PreviousSequence);
        Assert.Equal(15UL, bobAgain.Deliveries[15].PreviousSequence); // 16 in flight at once: each names its unconfirmed predecessor
    }

    [Fact]
    public async Task A_duplicate_submission_gets_the_same_sequence_and_is_stored_once()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        using ChatTestPeer bob = await LoggedIn(server, "bob");
        bob.SendSecure(ChatMessageType.Logout, []);

        Guid id = alice.Send("bob", "once");
        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Count == 1));
        alice.Send("bob", "once", id);
        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Count == 2));

        Assert.All(alice.Receipts, r => Assert.Equal((id, DeliveryState.Sent, 1UL), (r.MessageId, r.State, r.ServerSequence)));
        Assert.Single(server.Store.Undelivered("bob", 0, 100));
        Assert.Equal(1, server.Counters.Get(ChatEvents.DuplicateSubmission));
    }

    [Fact]
    public async Task Unknown_recipients_and_oversized_texts_are_rejected_and_not_stored()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        using ChatTestPeer bob = await LoggedIn(server, "bob");

        Guid unknown = alice.Send("nobody", "hi");
        byte[] tooLarge = [.. EnvelopeCodec.EncodeSubmission(new SubmissionEnvelope("bob", "x")), .. new byte[ChatWire.MaxTextBytes]];
        Guid large = alice.SendEnvelope(tooLarge);

        Assert.True(await alice.WaitForAsync(() => alice.Rejects.Count == 2));
        Assert.Contains(new RejectBody(unknown, ChatErrorCode.UnknownRecipient), alice.Rejects);
        Assert.Contains(new RejectBody(large, ChatErrorCode.MessageTooLarge), alice.Rejects);
        Assert.Empty(server.Store.Undelivered("bob", 0, 10));
        Assert.Empty(alice.Receipts);
    }

    [Fact]
    public async Task Receipts_for_an_offline_sender_are_pushed_at_its_next_login()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer bob = await LoggedIn(server, "bob");
        Guid id;
        using (ChatTestPeer alice = await LoggedIn(server, "alice"))
        {
            id = alice.Send("bob", "read me later");
            Assert.True(await alice.WaitForAsync(() => alice.Receipts.Count == 1));
            alice.SendSecure(ChatMessageType.Logout, []);
        }

        Assert.True(await bob.WaitForAsync(() => bob.Deliveries.Count == 1));
        bob.SendReceipt(id, DeliveryState.Read, 1);
        Assert.True(await bob.WaitForAsync(() => server.Counters.Get(ChatEvents.Read) == 1));

        using var aliceAgain = new ChatTestPeer(server.Endpoint, "alice");
        Assert.Null(await aliceAgain.LoginAsync("pw"));
        Assert.True(await aliceAgain.WaitForAsync(() => aliceAgain.Receipts.Count == 1, onIdle: () => server.Tick()));
        Assert.Equal((id, DeliveryState.Read), (aliceAgain.Receipts[0].MessageId, aliceAgain.Receipts[0].State));

        // Acknowledged now: a third login gets nothing.
        await aliceAgain.DrainAsync(TimeSpan.FromMilliseconds(100));
        using var aliceThird = new ChatTestPeer(server.Endpoint, "alice");
        Assert.Null(await aliceThird.LoginAsync("pw"));
        server.Tick();
        await aliceThird.DrainAsync(TimeSpan.FromMilliseconds(150));
        Assert.Empty(aliceThird.Receipts);
    }

    [Fact]
    public async Task Unacknowledged_fragments_are_retransmitted_after_the_rto()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        using var bob = new ChatTestPeer(server.Endpoint, "bob");
        Assert.Null(await bob.RegisterAsync("pw"));
        Assert.Null(await bob.LoginAsync("pw"));
        alice.Send("bob", "are you there?");
        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Count == 1));

        server.Tick();
        byte[]? first = await bob.ReceiveRawAsync(); // swallowed: no ACK
        Assert.NotNull(first);
        server.Tick(NodaTime.Duration.FromMilliseconds(100));
        Assert.Null(await bob.ReceiveRawAsync(TimeSpan.FromMilliseconds(100)));

        server.Tick(NodaTime.Duration.FromMilliseconds(150));
        Assert.True(await bob.WaitForAsync(() => bob.Deliveries.Count == 1));
        Assert.Equal(1, server.Counters.Get(ChatEvents.Retransmitted));
    }
}
