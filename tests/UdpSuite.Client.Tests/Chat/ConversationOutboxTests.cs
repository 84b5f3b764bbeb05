using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Tests.Chat;

public sealed class ConversationOutboxTests
{
    private static readonly TimeSpan Rto = TimeSpan.FromMilliseconds(50);

    private static (OutgoingMessage Message, byte[] Envelope) Message(string to, string text = "hello") =>
        (new OutgoingMessage(Guid.NewGuid(), to, text), EnvelopeCodec.EncodeSubmission(new SubmissionEnvelope(to, text)));

    [Fact]
    public void Only_the_head_of_a_conversation_is_in_flight_but_conversations_run_in_parallel()
    {
        var outbox = new ConversationOutbox(100);
        var toBob1 = Message("bob");
        var toBob2 = Message("bob");
        var toCarol = Message("carol");
        outbox.TryEnqueue(toBob1.Message, toBob1.Envelope, long.MaxValue);
        outbox.TryEnqueue(toBob2.Message, toBob2.Envelope, long.MaxValue);
        outbox.TryEnqueue(toCarol.Message, toCarol.Envelope, long.MaxValue);

        var sent = outbox.Tick(0, Rto, []).Select(f => f.Transfer.Id).ToList();

        Assert.Equal(2, sent.Count);
        Assert.Contains(toBob1.Message.Id, sent);
        Assert.Contains(toCarol.Message.Id, sent);
    }

    [Fact]
    public void A_group_is_its_own_conversation_even_beside_a_user_of_the_same_name_and_goes_out_as_group_data()
    {
        var outbox = new ConversationOutbox(100);
        var toUser = Message("team");
        var toGroup1 = (Message: new OutgoingMessage(Guid.NewGuid(), "team", "a", "team"), Envelope: GroupEnvelopeCodec.EncodeSubmission("team", "a"));
        var toGroup2 = (Message: new OutgoingMessage(Guid.NewGuid(), "team", "b", "team"), Envelope: GroupEnvelopeCodec.EncodeSubmission("team", "b"));
        outbox.TryEnqueue(toUser.Message, toUser.Envelope, long.MaxValue);
        outbox.TryEnqueue(toGroup1.Message, toGroup1.Envelope, long.MaxValue);
        outbox.TryEnqueue(toGroup2.Message, toGroup2.Envelope, long.MaxValue);

        var sent = outbox.Tick(0, Rto, []).ToDictionary(f => f.Transfer.Id, f => f.Type);

        Assert.Equal(2, sent.Count);
        Assert.Equal(ChatMessageType.Data, sent[toUser.Message.Id]);
        Assert.Equal(ChatMessageType.GroupData, sent[toGroup1.Message.Id]);
        Assert.True(outbox.Settle(toGroup1.Message.Id));
        Assert.Equal([toGroup2.Message.Id], outbox.Tick(1, Rto, []).Where(f => f.Type == ChatMessageType.GroupData).Select(f => f.Transfer.Id));
    }

    [Fact]
    public void The_next_message_starts_only_after_the_previous_one_is_settled()
    {
        var outbox = new ConversationOutbox(100);
        var first = Message("bob");
        var second = Message("bob");
        outbox.TryEnqueue(first.Message, first.Envelope, long.MaxValue);
        outbox.TryEnqueue(second.Message, second.Envelope, long.MaxValue);
        outbox.Tick(0, Rto, []);
        outbox.OnFragmentAcknowledged(first.Message.Id, 0, 10);
        Assert.Empty(outbox.Tick(20, Rto, []));

        Assert.True(outbox.Settle(first.Message.Id));

        Assert.Equal([second.Message.Id], outbox.Tick(30, Rto, []).Select(f => f.Transfer.Id));
    }

    [Fact]
    public void An_unacknowledged_fragment_is_resent_after_the_timeout_and_backs_off()
    {
        var outbox = new ConversationOutbox(100);
        var message = Message("bob");
        outbox.TryEnqueue(message.Message, message.Envelope, long.MaxValue);
        long ms = TimeSpan.TicksPerMillisecond;

        Assert.Single(outbox.Tick(0, Rto, []));
        Assert.Empty(outbox.Tick(49 * ms, Rto, []));
        Assert.Single(outbox.Tick(50 * ms, Rto, []));
        Assert.Empty(outbox.Tick(149 * ms, Rto, []));
        Assert.Single(outbox.Tick(150 * ms, Rto, []));
    }

    [Fact]
    public void A_message_past_its_deadline_fails_and_the_next_one_starts()
    {
        var outbox = new ConversationOutbox(100);
        var first = Message("bob");
        var second = Message("bob");
        outbox.TryEnqueue(first.Message, first.Envelope, 100);
        outbox.TryEnqueue(second.Message, second.Envelope, long.MaxValue);
        outbox.Tick(0, Rto, []);
        var changes = new List<OutgoingStateChange>();

        var sent = outbox.Tick(100, Rto, changes);

        Assert.Equal(DeliveryState.Failed, Assert.Single(changes).State);
        Assert.Equal([second.Message.Id], sent.Select(f => f.Transfer.Id));
    }

    [Fact]
    public void A_large_message_goes_out_as_several_fragments()
    {
        var outbox = new ConversationOutbox(100);
        var big = Message("bob", new string('x', 20 * 1024));
        outbox.TryEnqueue(big.Message, big.Envelope, long.MaxValue);

        Assert.Equal(EnvelopeCodec.FragmentCount(big.Envelope.Length), outbox.Tick(0, Rto, []).Count);
    }

    [Fact]
    public void A_full_outbox_refuses_more()
    {
        var outbox = new ConversationOutbox(1);
        var first = Message("bob");
        var second = Message("bob");

        Assert.True(outbox.TryEnqueue(first.Message, first.Envelope, long.MaxValue));
        Assert.False(outbox.TryEnqueue(second.Message, second.Envelope, long.MaxValue));
    }
}
