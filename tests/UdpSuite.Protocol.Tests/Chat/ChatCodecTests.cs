using System.Text;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Protocol.Tests.Chat;

public sealed class ChatCodecTests
{
    [Fact]
    public void Replay_window_accepts_each_sequence_once_and_tolerates_reordering()
    {
        var window = new ReplayWindow();
        Assert.True(window.Accept(5));
        Assert.False(window.Accept(5));
        Assert.True(window.Accept(3));
        Assert.True(window.Accept(100));
        Assert.False(window.Accept(3));
        Assert.True(window.Accept(99));
        Assert.False(window.Accept(36)); // older than the 64-wide window
        Assert.False(window.Accept(0));
    }

    [Fact]
    public void Large_envelope_fragments_and_reassembles_in_any_order_with_duplicates()
    {
        string text = string.Concat(Enumerable.Repeat("一棵树🌲 tree ", 2000));
        byte[] envelope = EnvelopeCodec.EncodeDelivery(new DeliveryEnvelope(9, 8, 1_700_000_000_000, "武大郎", "一棵树", text));
        int count = EnvelopeCodec.FragmentCount(envelope.Length);
        Assert.True(count > 1 && count <= SessionBodyCodec.MaxFragments);
        var id = Guid.NewGuid();
        var reassembler = new Reassembler();
        byte[]? whole = null;
        foreach (int index in Enumerable.Range(0, count).Reverse().Concat([0, 1]))
        {
            whole ??= reassembler.Add(id, (ushort)index, (ushort)count, EnvelopeCodec.Fragment(envelope, index));
        }

        Assert.NotNull(whole);
        Assert.True(EnvelopeCodec.TryDecodeDelivery(whole, out DeliveryEnvelope decoded));
        Assert.Equal(("武大郎", "一棵树", text, 9UL), (decoded.From, decoded.To, decoded.Text, decoded.ServerSequence));
    }

    [Fact]
    public void Error_text_is_cut_at_a_character_boundary_to_respect_the_budget()
    {
        byte[] buffer = new byte[ChatWire.MaxDatagram];
        int length = HandshakeCodec.WriteError(buffer, ChatErrorCode.UserExists, new string('名', 100), 40);
        Assert.True(length <= 40);
        Assert.True(HandshakeCodec.TryReadError(buffer.AsSpan(0, length), out ErrorMessage error));
        Assert.Equal(ChatErrorCode.UserExists, error.Code);
        Assert.True(Encoding.UTF8.GetByteCount(error.Text) % 3 == 0);
    }

    [Fact]
    public void Decoders_reject_truncated_input_without_throwing()
    {
        byte[] buffer = new byte[ChatWire.MaxDatagram];
        int length = EnvelopeCodec.EncodeDelivery(new DeliveryEnvelope(7, 6, 1_700_000_000_000, "user", "bob", "text")).Length;
        EnvelopeCodec.EncodeDelivery(new DeliveryEnvelope(7, 6, 1_700_000_000_000, "user", "bob", "text")).CopyTo(buffer, 0);
        for (int cut = ChatWire.PrefixLength; cut < 30; cut++)
        {
            HandshakeCodec.TryReadError(buffer.AsSpan(0, cut), out _);
            SessionBodyCodec.TryReadData(buffer.AsSpan(0, cut), out _);
            SessionBodyCodec.TryReadReceipt(buffer.AsSpan(0, cut), out _);
            EnvelopeCodec.TryDecodeDelivery(buffer.AsSpan(0, cut), out _);
        }

        Assert.True(length > 0);
    }

    [Fact]
    public void Retransmission_timeout_follows_rtt_and_backs_off()
    {
        var timer = new RetransmissionTimer();
        Assert.Equal(RetransmissionTimer.Initial, timer.Timeout);
        for (int k = 0; k < 20; k++)
        {
            timer.Sample(TimeSpan.FromMilliseconds(2));
        }

        Assert.True(timer.Timeout < TimeSpan.FromMilliseconds(30));
        TimeSpan before = timer.Timeout;
        timer.Backoff();
        Assert.Equal(before * 2, timer.Timeout);
    }
}

public sealed class OutboundMessageTests
{
    [Fact]
    public void Fragments_are_due_until_acknowledged_with_backoff_per_send()
    {
        var message = new OutboundMessage(Guid.NewGuid(), new byte[3000]);
        TimeSpan rto = TimeSpan.FromMilliseconds(100);
        Assert.Equal(3, message.FragmentCount);
        Assert.True(message.IsDue(0, 0, rto));
        message.MarkSent(0, 0);
        Assert.False(message.IsDue(0, TimeSpan.FromMilliseconds(99).Ticks, rto));
        Assert.True(message.IsDue(0, TimeSpan.FromMilliseconds(100).Ticks, rto));
        message.MarkSent(0, TimeSpan.FromMilliseconds(100).Ticks);
        Assert.False(message.IsDue(0, TimeSpan.FromMilliseconds(299).Ticks, rto)); // doubled
        Assert.Null(message.Acknowledge(0, TimeSpan.FromMilliseconds(300).Ticks)); // Karn: retransmitted, no sample
        message.MarkSent(1, 0);
        Assert.Equal(TimeSpan.FromMilliseconds(5), message.Acknowledge(1, TimeSpan.FromMilliseconds(5).Ticks));
        Assert.Null(message.Acknowledge(1, 0));
        Assert.False(message.IsComplete);
        message.MarkSent(2, 0);
        message.Acknowledge(2, 1);
        Assert.True(message.IsComplete);
        Assert.Equal(long.MaxValue, message.NextDueTicks(rto));
    }
}
