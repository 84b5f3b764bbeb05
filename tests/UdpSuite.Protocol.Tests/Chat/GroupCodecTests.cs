using UdpSuite.Protocol.Chat;

namespace UdpSuite.Protocol.Tests.Chat;

public sealed class GroupCodecTests
{
    [Fact]
    public void Group_delivery_round_trips_with_its_tag_and_is_not_a_one_to_one_delivery_of_the_same_fields()
    {
        Guid groupMessage = Guid.NewGuid();
        var envelope = new DeliveryEnvelope(12, 11, 1_700_000_000_000, "狗哥alex", "ignored", "大家好 👋")
        {
            Group = new GroupTag("同事们", 42, groupMessage),
        };

        byte[] bytes = GroupEnvelopeCodec.EncodeDelivery(envelope);

        Assert.True(GroupEnvelopeCodec.TryDecodeDelivery(bytes, out DeliveryEnvelope decoded));
        Assert.Equal((12UL, 11UL, 1_700_000_000_000L, "狗哥alex", "同事们", "大家好 👋"), (decoded.ServerSequence, decoded.PreviousSequence, decoded.SentAtUnixMilliseconds, decoded.From, decoded.To, decoded.Text));
        Assert.Equal(new GroupTag("同事们", 42, groupMessage), decoded.Group);
        for (int cut = 0; cut < 24 + 1 + "狗哥alex"u8.Length + 1 + "同事们"u8.Length + 8 + 16; cut++)
        {
            Assert.False(GroupEnvelopeCodec.TryDecodeDelivery(bytes.AsSpan(0, cut), out _));
        }
    }

    [Fact]
    public void Group_delivery_layout_matches_the_documented_bytes()
    {
        var id = new Guid("00112233-4455-6677-8899-aabbccddeeff");
        byte[] bytes = GroupEnvelopeCodec.EncodeDelivery(new DeliveryEnvelope(1, 0, 2, "a", "x", "hi") { Group = new GroupTag("g", 3, id) });

        Assert.Equal(
            "0000000000000001" + "0000000000000000" + "0000000000000002" + "0161" + "0167" + "0000000000000003" + "00112233445566778899AABBCCDDEEFF" + "6869",
            Convert.ToHexString(bytes));
    }

    [Theory]
    [InlineData(GroupOperation.Create, "同事们", "暗号", "", 0)]
    [InlineData(GroupOperation.Create, "team", "", "", 0)]
    [InlineData(GroupOperation.Join, "team", "code", "", 0)]
    [InlineData(GroupOperation.Leave, "team", "", "", 0)]
    [InlineData(GroupOperation.Members, "team", "", "", 300)]
    [InlineData(GroupOperation.List, "", "", "", 7)]
    [InlineData(GroupOperation.Rename, "team", "", "新名字", 0)]
    public void Requests_round_trip_and_truncations_are_refused(GroupOperation operation, string group, string code, string newName, int start)
    {
        var request = new GroupRequestBody(Guid.NewGuid(), operation, group, code, newName, (ushort)start);
        byte[] body = new byte[ChatWire.MaxSecureBody];
        int length = GroupBodyCodec.WriteRequest(body, request);

        Assert.True(GroupBodyCodec.TryReadRequest(body.AsSpan(0, length), out GroupRequestBody decoded, out Guid id));
        Assert.Equal(request, decoded);
        Assert.Equal(request.RequestId, id);
        for (int cut = 0; cut < length; cut++)
        {
            Assert.False(GroupBodyCodec.TryReadRequest(body.AsSpan(0, cut), out _, out _));
        }
    }

    [Fact]
    public void A_request_with_an_unknown_operation_is_refused_but_its_id_is_known()
    {
        var id = Guid.NewGuid();
        byte[] body = new byte[17];
        id.TryWriteBytes(body, bigEndian: true, out _);
        body[16] = 99;

        Assert.False(GroupBodyCodec.TryReadRequest(body, out _, out Guid read));
        Assert.Equal(id, read);
    }

    [Fact]
    public void A_members_page_holds_what_fits_in_one_datagram_and_the_total()
    {
        GroupEntry[] all = [.. Enumerable.Range(0, 256).Select(k => new GroupEntry($"{k:D3}-" + new string('名', 20), k == 0, 0))];
        byte[] body = new byte[ChatWire.MaxSecureBody];
        var id = Guid.NewGuid();

        var seen = new List<GroupEntry>();
        for (int start = 0, pages = 0; start < all.Length && pages < 100; pages++)
        {
            int length = GroupBodyCodec.WriteResult(body, id, GroupOperation.Members, ChatErrorCode.None, all, start);
            Assert.True(length <= ChatWire.MaxSecureBody);
            Assert.True(GroupBodyCodec.TryReadResult(body.AsSpan(0, length), out GroupResultBody page));
            Assert.Equal(256, page.Total);
            Assert.NotEmpty(page.Entries);
            Assert.True(page.Entries.Count < 256);
            seen.AddRange(page.Entries);
            start += page.Entries.Count;
        }

        Assert.Equal(all, seen);
    }

    [Fact]
    public void A_refusal_carries_only_its_status()
    {
        byte[] body = new byte[ChatWire.MaxSecureBody];
        var id = Guid.NewGuid();
        int length = GroupBodyCodec.WriteResult(body, id, GroupOperation.Join, ChatErrorCode.BadInviteCode);

        Assert.Equal(19, length);
        Assert.True(GroupBodyCodec.TryReadResult(body.AsSpan(0, length), out GroupResultBody result));
        Assert.Equal((id, GroupOperation.Join, ChatErrorCode.BadInviteCode), (result.RequestId, result.Operation, result.Status));
        Assert.Empty(result.Entries);
    }

    [Fact]
    public void Group_receipts_round_trip_and_impossible_counts_are_refused()
    {
        byte[] body = new byte[64];
        var receipt = new GroupReceiptBody(Guid.NewGuid(), 500, 3, 2, 1, 1_700_000_000_000);
        int length = GroupBodyCodec.WriteReceipt(body, receipt);

        Assert.Equal(16 + 8 + 6 + 8, length);
        Assert.True(GroupBodyCodec.TryReadReceipt(body.AsSpan(0, length), out GroupReceiptBody decoded));
        Assert.Equal(receipt, decoded);
        Assert.Equal(3, decoded.Progress);

        GroupBodyCodec.WriteReceipt(body, receipt with { Read = 3 });
        Assert.False(GroupBodyCodec.TryReadReceipt(body.AsSpan(0, length), out _));
        Assert.False(GroupBodyCodec.TryReadReceipt(body.AsSpan(0, length - 1), out _));
    }

    [Fact]
    public void Group_receipt_acks_name_the_progress_and_never_collide_with_fragment_or_receipt_acks()
    {
        ushort index = GroupWire.GroupReceiptAckIndex(2, 1);
        Assert.Equal(0x8003, index);
        Assert.True(GroupWire.TryGetGroupReceiptAckProgress(index, out int progress));
        Assert.Equal(3, progress);

        Assert.False(GroupWire.TryGetGroupReceiptAckProgress(5, out _));
        Assert.False(GroupWire.TryGetGroupReceiptAckProgress(SessionBodyCodec.ReceiptAckIndex(DeliveryState.Read), out _));
        Assert.False(SessionBodyCodec.TryGetReceiptAckState(GroupWire.GroupReceiptAckIndex(GroupWire.MaxMembers, GroupWire.MaxMembers), out _));
    }

    [Theory]
    [InlineData("team", true)]
    [InlineData("同事们", true)]
    [InlineData("", false)]
    [InlineData(" padded", false)]
    [InlineData("tab\there", false)]
    public void Group_names_follow_the_user_name_rules(string name, bool valid) => Assert.Equal(valid, GroupWire.IsValidGroupName(name));
}
