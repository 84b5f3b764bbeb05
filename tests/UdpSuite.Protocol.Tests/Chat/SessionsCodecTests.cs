using System.Net;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Protocol.Tests.Chat;

public sealed class SessionsCodecTests
{
    private static readonly Guid Id = new("00112233-4455-6677-8899-aabbccddeeff");

    [Fact]
    public void Read_sync_has_the_documented_layout_and_refuses_sequence_zero_and_trailing_bytes()
    {
        var buffer = new byte[ChatWire.MaxSecureBody];
        int length = SessionsCodec.WriteReadSync(buffer, new ReadSyncBody(Id, 5, 2));

        Assert.Equal(SessionsCodec.ReadSyncLength, length);
        Assert.Equal(Convert.FromHexString("00112233445566778899AABBCCDDEEFF" + "0000000000000005" + "0000000000000002"), buffer[..length]);
        Assert.True(SessionsCodec.TryReadReadSync(buffer.AsSpan(0, length), out ReadSyncBody sync));
        Assert.Equal(new ReadSyncBody(Id, 5, 2), sync);
        Assert.False(SessionsCodec.TryReadReadSync(buffer.AsSpan(0, length + 1), out _));

        SessionsCodec.WriteReadSync(buffer, new ReadSyncBody(Id, 0, 2));
        Assert.False(SessionsCodec.TryReadReadSync(buffer.AsSpan(0, length), out _));
        Assert.NotEqual(SessionsCodec.ReadSyncAckIndex & 0xFF00, SessionBodyCodec.ReceiptAckBase);
    }

    [Fact]
    public void History_request_round_trips_and_refuses_bad_kinds_and_limits()
    {
        var buffer = new byte[ChatWire.MaxSecureBody];
        var request = new HistoryRequestBody(9, HistoryKind.Group, "team", 42, 50);
        int length = SessionsCodec.WriteHistoryRequest(buffer, request);

        Assert.Equal(Convert.FromHexString("00000009" + "02" + "047465616D" + "000000000000002A" + "32"), buffer[..length]);
        Assert.True(SessionsCodec.TryReadHistoryRequest(buffer.AsSpan(0, length), out HistoryRequestBody read));
        Assert.Equal(request, read);

        buffer[4] = 3;
        Assert.False(SessionsCodec.TryReadHistoryRequest(buffer.AsSpan(0, length), out _));
        buffer[4] = 1;
        buffer[length - 1] = 0;
        Assert.False(SessionsCodec.TryReadHistoryRequest(buffer.AsSpan(0, length), out _));
        buffer[length - 1] = SessionsCodec.MaxHistoryLimit + 1;
        Assert.False(SessionsCodec.TryReadHistoryRequest(buffer.AsSpan(0, length), out _));
        buffer[length - 1] = SessionsCodec.MaxHistoryLimit;
        Assert.True(SessionsCodec.TryReadHistoryRequest(buffer.AsSpan(0, length), out read));
        Assert.Equal(HistoryKind.Conversation, read.Kind);
        Assert.False(SessionsCodec.TryReadHistoryRequest(buffer.AsSpan(0, length + 1), out _));
        Assert.Throws<ArgumentException>(() => SessionsCodec.WriteHistoryRequest(buffer, request with { Limit = 0 }));
    }

    [Fact]
    public void A_history_page_round_trips_newest_first_with_outgoing_flags_and_states()
    {
        var page = new HistoryPage(7, ChatErrorCode.None, 3,
        [
            new HistoryEntry(5, Id, 1_795_000_000_500, Outgoing: true, DeliveryState.Read, "alice", "最后 🍜"),
            new HistoryEntry(4, Guid.NewGuid(), 1_795_000_000_400, Outgoing: false, DeliveryState.Delivered, "bob", string.Empty),
        ]);

        byte[] envelope = SessionsCodec.EncodeHistoryPage(page);

        Assert.Equal(SessionsCodec.PageHeaderLength + page.Entries.Sum(SessionsCodec.EntryLength), envelope.Length);
        Assert.True(SessionsCodec.TryDecodeHistoryPage(envelope, out HistoryPage read));
        Assert.Equal(page.RequestId, read.RequestId);
        Assert.Equal(page.NextBefore, read.NextBefore);
        Assert.Equal(page.Entries, read.Entries);
        Assert.False(SessionsCodec.TryDecodeHistoryPage(envelope.AsSpan(0, envelope.Length - 1), out _));
        Assert.False(SessionsCodec.TryDecodeHistoryPage([.. envelope, 0], out _));

        var refused = new HistoryPage(8, ChatErrorCode.NotGroupMember, 0, []);
        Assert.True(SessionsCodec.TryDecodeHistoryPage(SessionsCodec.EncodeHistoryPage(refused), out read));
        Assert.Equal(ChatErrorCode.NotGroupMember, read.Code);
        Assert.Empty(read.Entries);
    }

    [Fact]
    public void A_page_with_a_64_KiB_text_fits_the_fragment_limit_and_a_second_one_does_not()
    {
        string big = new('x', ChatWire.MaxTextBytes);
        var one = new HistoryEntry(2, Guid.NewGuid(), 0, false, DeliveryState.Sent, "bob", big);

        byte[] envelope = SessionsCodec.EncodeHistoryPage(new HistoryPage(1, ChatErrorCode.None, 1, [one]));

        Assert.True(EnvelopeCodec.FragmentCount(envelope.Length) <= SessionBodyCodec.MaxFragments);
        Assert.Throws<ArgumentException>(() => SessionsCodec.EncodeHistoryPage(new HistoryPage(1, ChatErrorCode.None, 1, [one, one with { Position = 1 }])));
    }

    [Fact]
    public void Sessions_list_end_and_a_sessions_page_round_trip_with_both_address_families()
    {
        var buffer = new byte[ChatWire.MaxSecureBody];
        int length = SessionsCodec.WriteSessionsList(buffer, new SessionsListBody(3, 2));
        Assert.True(SessionsCodec.TryReadSessionsList(buffer.AsSpan(0, length), out SessionsListBody list));
        Assert.Equal(new SessionsListBody(3, 2), list);

        length = SessionsCodec.WriteSessionEnd(buffer, new SessionEndBody(4, 0xABCDEF));
        Assert.Equal(12, length);
        Assert.True(SessionsCodec.TryReadSessionEnd(buffer.AsSpan(0, length), out SessionEndBody end));
        Assert.Equal(new SessionEndBody(4, 0xABCDEF), end);
        SessionsCodec.WriteSessionEnd(buffer, new SessionEndBody(4, 0));
        Assert.False(SessionsCodec.TryReadSessionEnd(buffer.AsSpan(0, length), out _));

        SessionInfo[] sessions =
        [
            new(11, Transient: false, Current: false, 77, "lab-pc (chat)", new IPEndPoint(IPAddress.Loopback, 40000), 1_795_000_000_000, 1500),
            new(12, Transient: true, Current: true, 78, "笔记本 (send)", new IPEndPoint(IPAddress.IPv6Loopback, 40001), 1_795_000_001_000, 0),
        ];
        length = SessionsCodec.WriteSessionsPage(buffer, 5, sessions, 0);
        Assert.True(PresenceCodec.TryReadReplyHeader(buffer.AsSpan(0, length), out ReplyHeader reply));
        Assert.Equal(new ReplyHeader(5, ChatErrorCode.None), reply);
        Assert.True(SessionsCodec.TryReadSessionsPage(buffer.AsSpan(0, length), out SessionsPage page));
        Assert.Equal(2, page.Total);
        Assert.Equal(sessions, page.Sessions);
        Assert.False(SessionsCodec.TryReadSessionsPage(buffer.AsSpan(0, length + 1), out _));
    }

    [Fact]
    public void A_sessions_page_stops_where_the_datagram_is_full_and_the_next_page_goes_on()
    {
        SessionInfo[] sessions = [.. Enumerable.Range(1, 16).Select(i =>
            new SessionInfo((ulong)i, false, false, (ulong)i, new string('d', 64), new IPEndPoint(IPAddress.IPv6Loopback, i), i, (uint)i))];
        var buffer = new byte[ChatWire.MaxSecureBody - 1];
        var seen = new List<SessionInfo>();
        byte offset = 0;
        while (offset < sessions.Length)
        {
            int length = SessionsCodec.WriteSessionsPage(buffer, 1, sessions, offset);
            Assert.True(SessionsCodec.TryReadSessionsPage(buffer.AsSpan(0, length), out SessionsPage page));
            Assert.NotEmpty(page.Sessions);
            seen.AddRange(page.Sessions);
            offset += (byte)page.Sessions.Count;
        }

        Assert.Equal(sessions, seen);
    }

    [Fact]
    public void Random_bodies_never_throw()
    {
        var random = new Random(16);
        byte[] body = new byte[400];
        for (int k = 0; k < 5_000; k++)
        {
            int length = random.Next(body.Length);
            random.NextBytes(body.AsSpan(0, length));
            _ = SessionsCodec.TryReadReadSync(body.AsSpan(0, length), out _);
            _ = SessionsCodec.TryReadHistoryRequest(body.AsSpan(0, length), out _);
            _ = SessionsCodec.TryDecodeHistoryPage(body.AsSpan(0, length), out _);
            _ = SessionsCodec.TryReadSessionsList(body.AsSpan(0, length), out _);
            _ = SessionsCodec.TryReadSessionEnd(body.AsSpan(0, length), out _);
            _ = SessionsCodec.TryReadSessionsPage(body.AsSpan(0, length), out _);
        }

        Assert.False(SessionsCodec.TryDecodeHistoryPage([], out _));
    }
}
