using System.Net;
using System.Text;
using UdpSuite.Client.Lan;
using static UdpSuite.Client.Tests.Lan.ReferenceIpMsgPeer;

namespace UdpSuite.Client.Tests.Lan;

/// <summary>
/// <see cref="LanPeer"/> against <see cref="ReferenceIpMsgPeer"/> on 127.0.0.1 with ephemeral ports and broadcast off.
/// Ordering instead of timing: the peer handles datagrams one at a time and answers in order, so once the answer to a
/// later packet arrives, every answer to an earlier one has been sent.
/// </summary>
public sealed class LanPeerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static LanPeer CreatePeer(ReferenceIpMsgPeer reference, Func<LanPeerOptions, LanPeerOptions>? adjust = null)
    {
        var options = new LanPeerOptions
        {
            Port = 0,
            BindAddress = IPAddress.Loopback,
            Broadcast = false,
            Hosts = [reference.Endpoint],
            UserName = "me",
            HostName = "mybox",
            Nickname = "小明",
            Group = "研发",
            RetryInterval = TimeSpan.FromMilliseconds(100),
            Attempts = 4,
            RefreshInterval = TimeSpan.Zero,
        };
        var peer = new LanPeer(adjust is null ? options : adjust(options));
        peer.Start();
        return peer;
    }

    private static IPEndPoint Loopback(LanPeer peer) => new(IPAddress.Loopback, peer.LocalEndpoint.Port);

    private static async Task<LanPeerInfo> WaitForPeerAsync(LanPeer peer, Func<LanPeerInfo, bool> match)
    {
        for (int i = 0; i < 200; i++)
        {
            if (peer.Peers.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"peer not listed; peers: {string.Join(", ", peer.Peers)}");
    }

    private static async Task<LanIncomingMessage> NextMessageAsync(LanPeer peer)
    {
        using var cts = new CancellationTokenSource(Wait);
        await foreach (LanIncomingMessage message in peer.ReadMessagesAsync(cts.Token))
        {
            return message;
        }

        throw new InvalidOperationException("the message stream ended");
    }

    [Fact]
    public async Task Entry_is_answered_both_ways_and_exit_is_announced()
    {
        await using var reference = new ReferenceIpMsgPeer();
        LanPeer peer = CreatePeer(reference);

        ReferencePacket entry = await reference.WaitForModeAsync(BrEntry);
        Assert.StartsWith("1", entry.Version);
        Assert.Equal("1_udpsuite 2.0", entry.Version);
        Assert.Equal("me", entry.User);
        Assert.Equal("mybox", entry.Host);
        Assert.NotEqual(0u, entry.Command & Utf8);
        Assert.NotEqual(0u, entry.Command & CapUtf8);
        Assert.Equal(["小明", "研发", "icon-udpsuite.png", "utf-8", ""], entry.Extra);

        // The reference answered with ANSENTRY: we list it.
        LanPeerInfo listed = await WaitForPeerAsync(peer, p => p.User == "refuser");
        Assert.Equal("参考", listed.Nickname);
        Assert.Equal("测试组", listed.Group);
        Assert.Equal("refhost", listed.Host);
        Assert.True(listed.Utf8);

        // Its own BR_ENTRY gets our ANSENTRY.
        await reference.EnterAsync(Loopback(peer));
        ReferencePacket answer = await reference.WaitForModeAsync(AnsEntry);
        Assert.Equal("小明", answer.Text);

        await reference.SendAsync(Loopback(peer), BrExit | Utf8, "参考\0");
        for (int i = 0; i < 200 && peer.Peers.Count > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Empty(peer.Peers);

        await peer.DisposeAsync();
        ReferencePacket exit = await reference.WaitForModeAsync(BrExit);
        Assert.Equal("me", exit.User);
    }

    [Fact]
    public async Task Utf8_conversation_both_ways_with_recvmsg_and_readmsg()
    {
        await using var reference = new ReferenceIpMsgPeer(utf8: true);
        await using LanPeer peer = CreatePeer(reference);
        await WaitForPeerAsync(peer, p => p.User == "refuser");

        LanOutgoingMessage sent = peer.Send(reference.Endpoint, "你好，参考 👋", readCheck: true);
        ReferencePacket arrived = await reference.WaitForModeAsync(SendMsg);
        Assert.NotEqual(0u, arrived.Command & Utf8);
        Assert.NotEqual(0u, arrived.Command & SendCheck);
        Assert.NotEqual(0u, arrived.Command & ReadCheck);
        Assert.Equal("你好，参考 👋", arrived.Text);
        Assert.Equal(LanDeliveryState.Delivered, await sent.Delivery.WaitAsync(Wait));

        await reference.SendAsync(Loopback(peer), ReadMsg | Utf8, arrived.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await sent.ReadReceipt.WaitAsync(Wait);
        Assert.Equal(LanDeliveryState.Read, sent.State);

        ulong number = await reference.SendAsync(Loopback(peer), SendMsg | SendCheck | Secret | Utf8, "早上好，小明\0");
        LanIncomingMessage received = await NextMessageAsync(peer);
        Assert.Equal("早上好，小明", received.Text);
        Assert.Equal("参考", received.From.Nickname);
        Assert.True(received.WantsReadReceipt);
        ReferencePacket receipt = await reference.WaitForModeAsync(RecvMsg);
        Assert.Equal(number.ToString(System.Globalization.CultureInfo.InvariantCulture), receipt.Text);

        await peer.MarkReadAsync(received);
        ReferencePacket read = await reference.WaitForModeAsync(ReadMsg);
        Assert.Equal(number.ToString(System.Globalization.CultureInfo.InvariantCulture), read.Text);
    }

    [Fact]
    public async Task Gb18030_conversation_both_ways_with_a_peer_that_does_not_announce_utf8()
    {
        await using var reference = new ReferenceIpMsgPeer(user: "wang", host: "WANG-PC", utf8: false);
        await using LanPeer peer = CreatePeer(reference);
        LanPeerInfo listed = await WaitForPeerAsync(peer, p => p.User == "wang");
        Assert.False(listed.Utf8);
        Assert.Equal("参考", listed.Nickname); // read from GB18030 bytes

        LanOutgoingMessage sent = peer.Send(reference.Endpoint, "王先生，您好");
        ReferencePacket arrived = await reference.WaitForModeAsync(SendMsg);
        Assert.Equal(0u, arrived.Command & Utf8);
        Assert.Equal("王先生，您好", arrived.Text);
        byte[] expected = Gb18030.GetBytes("王先生，您好");
        Assert.True(arrived.Raw.AsSpan().IndexOf(expected) > 0, "the text travels as GB18030 bytes");
        Assert.Equal(LanDeliveryState.Delivered, await sent.Delivery.WaitAsync(Wait));

        ulong number = await reference.SendAsync(Loopback(peer), SendMsg | SendCheck | ReadCheck, "收到，谢谢\0");
        LanIncomingMessage received = await NextMessageAsync(peer);
        Assert.Equal("收到，谢谢", received.Text);
        Assert.True(received.WantsReadReceipt);
        Assert.Equal(number.ToString(System.Globalization.CultureInfo.InvariantCulture), (await reference.WaitForModeAsync(RecvMsg)).Text);
        await peer.MarkReadAsync(received);
        Assert.Equal(number.ToString(System.Globalization.CultureInfo.InvariantCulture), (await reference.WaitForModeAsync(ReadMsg)).Text);
    }

    [Fact]
    public async Task A_message_whose_recvmsg_is_lost_is_retransmitted_until_acknowledged()
    {
        await using var reference = new ReferenceIpMsgPeer();
        await using LanPeer peer = CreatePeer(reference);
        reference.LoseAcknowledgements(2);

        LanOutgoingMessage sent = peer.Send(reference.Endpoint, "retry me");

        Assert.Equal(LanDeliveryState.Delivered, await sent.Delivery.WaitAsync(Wait));
        ReferencePacket[] copies = [.. reference.All.Where(p => p.Mode == SendMsg)];
        Assert.Equal(3, copies.Length);
        Assert.All(copies, c => Assert.Equal(sent.PacketNumber, c.Number));
        Assert.Equal(0u, copies[0].Command & RetryFlag);
        Assert.All(copies.Skip(1), c => Assert.NotEqual(0u, c.Command & RetryFlag));
        Assert.Equal(2, sent.Retries);
    }

    [Fact]
    public async Task A_message_never_acknowledged_fails_as_not_delivered_after_every_attempt()
    {
        await using var reference = new ReferenceIpMsgPeer { Acknowledge = false };
        await using LanPeer peer = CreatePeer(reference, o => o with { Attempts = 3, RetryInterval = TimeSpan.FromMilliseconds(50) });

        LanOutgoingMessage sent = peer.Send(reference.Endpoint, "anyone?");

        Assert.Equal(LanDeliveryState.Failed, await sent.Delivery.WaitAsync(Wait));
        Assert.Contains("not delivered", sent.FailureReason);
        Assert.Equal(3, reference.All.Count(p => p.Mode == SendMsg));
    }

    [Fact]
    public async Task Duplicates_are_acknowledged_each_time_but_shown_once()
    {
        await using var reference = new ReferenceIpMsgPeer();
        await using LanPeer peer = CreatePeer(reference);
        ulong number = reference.NextNumber();

        for (int i = 0; i < 3; i++)
        {
            await reference.SendAsync(Loopback(peer), SendMsg | SendCheck | Utf8 | (i > 0 ? RetryFlag : 0), "once only\0", number);
            await reference.WaitForModeAsync(RecvMsg);
        }

        await reference.SendAsync(Loopback(peer), SendMsg | SendCheck | Utf8, "second\0");
        await reference.WaitForModeAsync(RecvMsg);

        Assert.Equal("once only", (await NextMessageAsync(peer)).Text);
        Assert.Equal("second", (await NextMessageAsync(peer)).Text);
        Assert.Equal(2, peer.Counters.Duplicates);
    }

    [Fact]
    public async Task Garbage_is_dropped_counted_and_never_answered()
    {
        await using var reference = new ReferenceIpMsgPeer();
        await using LanPeer peer = CreatePeer(reference, o => o with { Hosts = [] });
        IPEndPoint target = Loopback(peer);
        byte[][] garbage =
        [
            [],
            Encoding.ASCII.GetBytes("hello"),
            Encoding.ASCII.GetBytes("1:2:3:4"),
            Encoding.ASCII.GetBytes("2:1:u:h:288:wrong version"),
            Encoding.ASCII.GetBytes("1:x:u:h:288:bad number"),
            Encoding.ASCII.GetBytes("1:1:u:h:0x120:bad command"),
            [.. Encoding.ASCII.GetBytes("1:1:u:h:288:"), .. Enumerable.Repeat((byte)'A', 9000)],
            [0xFF, 0xFE, 0x00, 0x3A, 0x3A, 0x3A, 0x3A, 0x3A],
        ];
        foreach (byte[] datagram in garbage)
        {
            await reference.SendRawAsync(target, datagram);
        }

        // Undecodable text is not garbage: it is shown with U+FFFD and counted.
        await reference.SendRawAsync(target, [.. Encoding.ASCII.GetBytes($"1:77:refuser:refhost:{SendMsg | SendCheck | Utf8}:ok "), 0xC3, 0x28, 0]);
        ReferencePacket receipt = await reference.WaitForModeAsync(RecvMsg);

        Assert.Equal("77", receipt.Text);
        Assert.Single(reference.All); // nothing but the RECVMSG of the valid message
        Assert.Equal(garbage.Length, peer.Counters.MalformedTotal);
        Assert.Equal(1, peer.Counters.Malformed(UdpSuite.Protocol.Lan.IpMsgDecodeError.TooLarge));
        Assert.Equal(1, peer.Counters.ReplacedText);
        Assert.Contains('\uFFFD', (await NextMessageAsync(peer)).Text);
    }

    [Fact]
    public async Task Ansentry_answers_are_rate_limited_per_address()
    {
        await using var reference = new ReferenceIpMsgPeer();
        await using LanPeer peer = CreatePeer(reference, o => o with { Hosts = [], AnswersPerWindow = 3, AnswerWindow = TimeSpan.FromHours(1) });

        for (int i = 0; i < 10; i++)
        {
            await reference.EnterAsync(Loopback(peer));
        }

        await reference.SendAsync(Loopback(peer), SendMsg | SendCheck | Utf8, "a marker long enough to be acknowledged\0");
        await reference.WaitForModeAsync(RecvMsg);

        Assert.Equal(3, reference.All.Count(p => p.Mode == AnsEntry));
        Assert.Equal(7, peer.Counters.RateLimited);
    }

    [Fact]
    public async Task Absence_is_announced_with_its_text_and_peers_can_be_found_by_name()
    {
        await using var reference = new ReferenceIpMsgPeer();
        await using LanPeer peer = CreatePeer(reference);
        await WaitForPeerAsync(peer, p => p.User == "refuser");

        await peer.SetAbsenceAsync("开会中");
        ReferencePacket absence = await reference.WaitForModeAsync(BrAbsence);
        Assert.Equal("小明[开会中]", absence.Text);
        Assert.NotEqual(0u, absence.Command & 0x100);

        Assert.Equal("refuser", peer.FindPeer("参考")?.User);
        Assert.Equal("refuser", peer.FindPeer("refhost")?.User);
        Assert.Null(peer.FindPeer("nobody"));
    }

    [Fact]
    public async Task Our_own_entry_coming_back_is_neither_answered_nor_listed()
    {
        await using var reference = new ReferenceIpMsgPeer();
        await using LanPeer peer = CreatePeer(reference, o => o with { Hosts = [] });

        await peer.AnnounceToAsync(Loopback(peer));
        await reference.SendAsync(Loopback(peer), SendMsg | SendCheck | Utf8, "a marker long enough to be acknowledged\0");
        await reference.WaitForModeAsync(RecvMsg);

        Assert.DoesNotContain(peer.Peers, p => p.User == "me");
        Assert.Equal(0, peer.Counters.RateLimited);
    }

    [Fact]
    public async Task Entries_are_sent_again_every_refresh_interval()
    {
        await using var reference = new ReferenceIpMsgPeer();
        await using LanPeer peer = CreatePeer(reference, o => o with { RefreshInterval = TimeSpan.FromMilliseconds(100) });

        ReferencePacket first = await reference.WaitForModeAsync(BrEntry);
        ReferencePacket second = await reference.WaitForModeAsync(BrEntry);

        Assert.True(second.Number > first.Number, "packet numbers grow");
    }
}
