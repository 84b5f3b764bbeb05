using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Chat.Relay.Groups;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>Group requests at the datagram level, against the relay in this process (real socket, fake clock).</summary>
public sealed class GroupRelayTests
{
    [Fact]
    public async Task A_repeated_request_id_gets_the_same_answer_and_is_done_once()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        var create = new GroupRequestBody(Guid.NewGuid(), GroupOperation.Create, "同事们", "暗号");

        GroupResultBody first = await RequestAsync(alice, create);
        GroupResultBody repeated = await RequestAsync(alice, create);
        GroupResultBody fresh = await RequestAsync(alice, create with { RequestId = Guid.NewGuid() });

        Assert.Equal((create.RequestId, ChatErrorCode.None), (first.RequestId, first.Status));
        Assert.Equal((create.RequestId, ChatErrorCode.None), (repeated.RequestId, repeated.Status)); // not GroupExists: the lost answer is repeated
        Assert.Equal(ChatErrorCode.GroupExists, fresh.Status);
        Assert.Equal(1, server.Counters.Get(GroupEvents.RepeatedRequest));
        Assert.Equal([new GroupEntry("同事们", true, 1)], server.Store.GroupsOf("alice"));
    }

    [Fact]
    public async Task An_undecodable_request_with_an_id_is_answered_malformed_and_one_without_is_dropped()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        var id = Guid.NewGuid();
        byte[] body = new byte[20];
        id.TryWriteBytes(body, bigEndian: true, out _);
        body[16] = (byte)GroupOperation.Join;
        body[17] = 40; // a name longer than what follows

        alice.SendSecure(ChatMessageType.GroupRequest, body);
        GroupResultBody result = await ReadResultAsync(alice);
        Assert.Equal((id, GroupOperation.Join, ChatErrorCode.Malformed), (result.RequestId, result.Operation, result.Status));

        long malformed = server.Counters.Get(ChatDropReasons.Malformed);
        alice.SendSecure(ChatMessageType.GroupRequest, body.AsSpan(0, 10));
        Assert.True(await WaitAsync(() => server.Counters.Get(ChatDropReasons.Malformed) == malformed + 1));
    }

    [Fact]
    public async Task Group_data_fans_out_as_group_data_and_the_sender_gets_counts_it_acknowledges()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        using ChatTestPeer bob = await LoggedIn(server, "bob");
        Assert.Equal(ChatErrorCode.None, (await RequestAsync(alice, new GroupRequestBody(Guid.NewGuid(), GroupOperation.Create, "g"))).Status);
        Assert.Equal(ChatErrorCode.None, (await RequestAsync(bob, new GroupRequestBody(Guid.NewGuid(), GroupOperation.Join, "g"))).Status);

        var id = Guid.NewGuid();
        byte[] envelope = GroupEnvelopeCodec.EncodeSubmission("g", "hi all");
        var data = new byte[ChatWire.MaxSecureBody];
        alice.SendSecure(ChatMessageType.GroupData, data.AsSpan(0, SessionBodyCodec.WriteData(data, id, 0, 1, envelope)));

        // Bob's copy arrives as GROUP_DATA with the group's tag; he acknowledges the fragment and reports it delivered.
        (_, byte[] copyBody) = await ReadSecureAsync(bob, t => t == ChatMessageType.GroupData);
        Assert.True(SessionBodyCodec.TryReadData(copyBody, out DataFragment fragment));
        var copyId = new Guid(fragment.MessageId, bigEndian: true);
        Assert.True(GroupEnvelopeCodec.TryDecodeDelivery(fragment.Chunk, out DeliveryEnvelope delivery));
        Assert.Equal(("alice", "g", "hi all", new GroupTag("g", 1, id)), (delivery.From, delivery.To, delivery.Text, delivery.Group));
        Assert.NotEqual(id, copyId);
        var small = new byte[64];
        bob.SendSecure(ChatMessageType.Ack, small.AsSpan(0, SessionBodyCodec.WriteAck(small, new AckBody(copyId, 0))));
        bob.SendReceipt(copyId, DeliveryState.Delivered, delivery.ServerSequence);

        (_, byte[] receiptBody) = await ReadSecureAsync(alice, t => t == ChatMessageType.GroupReceipt);
        Assert.True(GroupBodyCodec.TryReadReceipt(receiptBody, out GroupReceiptBody counts));
        Assert.Equal((id, 1UL, (ushort)1, (ushort)1, (ushort)0), (counts.MessageId, counts.GroupSequence, counts.Members, counts.Delivered, counts.Read));

        // Unacknowledged counts are sent again; the ACK naming them ends that and is remembered across logins. A loaded
        // machine can drop a loopback datagram (a full socket buffer), so a lost ACK is followed, as on any network, by
        // the server's next retransmission and a new ACK.
        bool notified = false;
        for (int attempt = 0; attempt < 5 && !notified; attempt++)
        {
            server.Tick(NodaTime.Duration.FromSeconds(Math.Min(4 << attempt, 30))); // past the doubled RTO, within the session timeout
            (_, receiptBody) = await ReadSecureAsync(alice, t => t == ChatMessageType.GroupReceipt);
            Assert.True(GroupBodyCodec.TryReadReceipt(receiptBody, out counts));
            Assert.Equal((id, (ushort)1), (counts.MessageId, counts.Delivered));
            alice.SendSecure(ChatMessageType.Ack, small.AsSpan(0, SessionBodyCodec.WriteAck(small, new AckBody(id, GroupWire.GroupReceiptAckIndex(1, 0)))));
            notified = await WaitAsync(() => server.Store.UnnotifiedGroupReceipts("alice", 10).Count == 0, TimeSpan.FromSeconds(2));
        }

        Assert.True(notified, "alice's ACK of the counts was recorded");
        Assert.Equal(1, server.Counters.Get(GroupEvents.Committed));
    }

    internal static async Task<ChatTestPeer> LoggedIn(ChatTestServer server, string user)
    {
        var peer = new ChatTestPeer(server.Endpoint, user);
        Assert.Null(await peer.RegisterAsync("pw"));
        Assert.Null(await peer.LoginAsync("pw"));
        server.Tick(); // loads the (empty) backlog
        return peer;
    }

    internal static async Task<GroupResultBody> RequestAsync(ChatTestPeer peer, GroupRequestBody request)
    {
        var body = new byte[ChatWire.MaxSecureBody];
        peer.SendSecure(ChatMessageType.GroupRequest, body.AsSpan(0, GroupBodyCodec.WriteRequest(body, request)));
        return await ReadResultAsync(peer);
    }

    private static async Task<GroupResultBody> ReadResultAsync(ChatTestPeer peer)
    {
        (_, byte[] body) = await ReadSecureAsync(peer, t => t == ChatMessageType.GroupResult);
        Assert.True(GroupBodyCodec.TryReadResult(body, out GroupResultBody result));
        return result;
    }

    /// <summary>The body of the next authenticated datagram whose type <paramref name="wanted"/> accepts (others are skipped), within 10 s.</summary>
    private static async Task<(ChatMessageType Type, byte[] Body)> ReadSecureAsync(ChatTestPeer peer, Func<ChatMessageType, bool> wanted)
    {
        for (int k = 0; k < 200; k++)
        {
            byte[] datagram = await peer.ReceiveRawAsync(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException("nothing from the server");
            if (peer.TryOpen(datagram, out ChatMessageType type, out byte[] body) && wanted(type))
            {
                return (type, body);
            }
        }

        throw new InvalidOperationException("too many other datagrams");
    }


    private static Task<bool> WaitAsync(Func<bool> condition) => WaitAsync(condition, TimeSpan.FromSeconds(10));

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan limit)
    {
        for (int k = 0; k < limit.TotalMilliseconds / 20 && !condition(); k++)
        {
            await Task.Delay(20);
        }

        return condition();
    }
}
