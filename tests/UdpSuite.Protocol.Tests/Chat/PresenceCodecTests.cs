using UdpSuite.Protocol.Chat;

namespace UdpSuite.Protocol.Tests.Chat;

public sealed class PresenceCodecTests
{
    [Fact]
    public void Presence_set_round_trips_and_has_the_documented_layout()
    {
        var buffer = new byte[ChatWire.MaxSecureBody];
        int length = PresenceCodec.WritePresenceSet(buffer, new PresenceSetBody(7, PresenceState.Away, "午饭"));

        // request id 7 (u32), state 2, status length 6, then "午饭" in UTF-8 (docs/PROTOCOL.md example).
        Assert.Equal(Convert.FromHexString("0000000702" + "06" + "E58D88E9A5AD"), buffer[..length]);
        Assert.True(PresenceCodec.TryReadPresenceSet(buffer.AsSpan(0, length), out PresenceSetBody set));
        Assert.Equal(new PresenceSetBody(7, PresenceState.Away, "午饭"), set);
    }

    [Fact]
    public void Presence_push_and_its_ack_round_trip()
    {
        var buffer = new byte[ChatWire.MaxSecureBody];
        var push = new PresenceBody("狗哥alex", PresenceState.Online, 1_795_000_000_123, 1_795_000_000_000, string.Empty);
        int length = PresenceCodec.WritePresence(buffer, push);
        Assert.Equal(1 + 10 + 1 + 8 + 8 + 1, length); // name "狗哥alex" is 10 bytes of UTF-8
        Assert.True(PresenceCodec.TryReadPresence(buffer.AsSpan(0, length), out PresenceBody read));
        Assert.Equal(push, read);

        length = PresenceCodec.WritePresenceAck(buffer, new PresenceAckBody("狗哥alex", push.Version));
        Assert.True(PresenceCodec.TryReadPresenceAck(buffer.AsSpan(0, length), out PresenceAckBody ack));
        Assert.Equal(("狗哥alex", push.Version), (ack.User, ack.Version));
    }

    [Fact]
    public void The_push_in_the_protocol_document_has_those_bytes()
    {
        var buffer = new byte[ChatWire.MaxSecureBody];
        int length = PresenceCodec.WritePresence(buffer, new PresenceBody("alice", PresenceState.Away, 1_795_492_800_001, 1_795_492_800_000, "午饭"));
        Assert.Equal(Convert.FromHexString("05616C696365" + "02" + "0000 01A2 0BB5 E601".Replace(" ", "") + "000001A20BB5E600" + "06E58D88E9A5AD"), buffer[..length]);
    }

    [Fact]
    public void Contact_requests_round_trip()
    {
        var buffer = new byte[ChatWire.MaxSecureBody];
        int length = PresenceCodec.WriteContactChange(buffer, new ContactChangeBody(uint.MaxValue, "瞎驴"));
        Assert.True(PresenceCodec.TryReadContactChange(buffer.AsSpan(0, length), out ContactChangeBody change));
        Assert.Equal(new ContactChangeBody(uint.MaxValue, "瞎驴"), change);

        length = PresenceCodec.WriteContactList(buffer, new ContactListBody(3, 17));
        Assert.Equal(6, length);
        Assert.True(PresenceCodec.TryReadContactList(buffer.AsSpan(0, length), out ContactListBody list));
        Assert.Equal(new ContactListBody(3, 17), list);
    }

    [Fact]
    public void A_contact_page_holds_what_fits_in_one_datagram_and_says_where_it_starts()
    {
        string[] names = [.. Enumerable.Range(0, 40).Select(i => $"{i:00}" + new string('x', 62))]; // 64-byte names
        var buffer = new byte[ChatWire.MaxSecureBody];
        int length = PresenceCodec.WriteContactPage(buffer, 9, names, 5);
        Assert.True(length <= ChatWire.MaxSecureBody);

        Assert.True(PresenceCodec.TryReadReplyHeader(buffer.AsSpan(0, length), out ReplyHeader header));
        Assert.Equal(new ReplyHeader(9, ChatErrorCode.None), header);
        Assert.True(PresenceCodec.TryReadContactPage(buffer.AsSpan(0, length), out ContactPage page));
        Assert.Equal((40, 5), ((int)page.Total, (int)page.Offset));
        Assert.Equal((ChatWire.MaxSecureBody - 11) / 65, page.Names.Count); // 17 names of 65 bytes after 11 header bytes
        Assert.Equal(names.Skip(5).Take(page.Names.Count), page.Names);

        length = PresenceCodec.WriteContactPage(buffer, 9, names, 40);
        Assert.True(PresenceCodec.TryReadContactPage(buffer.AsSpan(0, length), out ContactPage empty));
        Assert.Empty(empty.Names);
    }

    [Fact]
    public void A_refusal_reply_carries_its_code()
    {
        var buffer = new byte[16];
        int length = PresenceCodec.WriteReply(buffer, new ReplyHeader(4, ChatErrorCode.TooManyContacts));
        Assert.Equal(Convert.FromHexString("000000040030"), buffer[..length]);
        Assert.True(PresenceCodec.TryReadReplyHeader(buffer.AsSpan(0, length), out ReplyHeader header));
        Assert.Equal(ChatErrorCode.TooManyContacts, header.Code);
    }

    [Theory]
    [InlineData("0000000703" + "00")] // state 3 does not exist
    [InlineData("0000000701" + "81" + "00")] // status length 129 > 128
    [InlineData("0000000701" + "02" + "C328")] // invalid UTF-8
    [InlineData("0000000701" + "01" + "07")] // a control character
    [InlineData("0000000701" + "00" + "00")] // trailing byte
    [InlineData("00000007")] // truncated
    public void Malformed_presence_sets_are_refused(string hex)
    {
        Assert.False(PresenceCodec.TryReadPresenceSet(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void Truncated_and_random_bodies_never_throw()
    {
        var random = new Random(48);
        var buffer = new byte[ChatWire.MaxSecureBody];
        int length = PresenceCodec.WritePresence(buffer, new PresenceBody("bob", PresenceState.Away, 5, 6, "在开会"));
        for (int cut = 0; cut < length; cut++)
        {
            Assert.False(PresenceCodec.TryReadPresence(buffer.AsSpan(0, cut), out _));
        }

        for (int i = 0; i < 2000; i++)
        {
            byte[] noise = new byte[random.Next(0, 80)];
            random.NextBytes(noise);
            PresenceCodec.TryReadPresence(noise, out _);
            PresenceCodec.TryReadPresenceSet(noise, out _);
            PresenceCodec.TryReadPresenceAck(noise, out _);
            PresenceCodec.TryReadContactChange(noise, out _);
            PresenceCodec.TryReadContactList(noise, out _);
            PresenceCodec.TryReadContactPage(noise, out _);
        }
    }

    [Fact]
    public void Status_texts_are_bounded_and_writing_a_bad_one_throws()
    {
        Assert.True(PresenceCodec.IsValidStatus(new string('字', 42))); // 126 bytes
        Assert.False(PresenceCodec.IsValidStatus(new string('字', 43))); // 129 bytes
        Assert.False(PresenceCodec.IsValidStatus("line\nbreak"));
        Assert.Throws<ArgumentException>(() => PresenceCodec.WritePresenceSet(new byte[300], new PresenceSetBody(1, PresenceState.Online, new string('a', 129))));
        Assert.True(PresenceCodec.IsPresenceType(ChatMessageType.Reply));
        Assert.False(PresenceCodec.IsPresenceType(ChatMessageType.Reject));
    }
}
