using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Tests.Chat;

public sealed class InOrderDeliveryTests
{
    private static (Guid Id, DeliveryEnvelope Envelope) Message(ulong sequence, ulong previous) =>
        (Guid.NewGuid(), new DeliveryEnvelope(sequence, previous, 0, "a", "b", $"m{sequence}"));

    [Fact]
    public void A_message_without_predecessor_is_released_at_once()
    {
        var ordering = new InOrderDelivery();
        (Guid id, DeliveryEnvelope envelope) = Message(1, 0);

        var released = ordering.Offer(id, envelope, out bool duplicate);

        Assert.False(duplicate);
        Assert.Equal([1UL], released.Select(r => r.Envelope.ServerSequence));
    }

    [Fact]
    public void A_message_waits_for_its_predecessor_and_then_both_come_out_in_order()
    {
        var ordering = new InOrderDelivery();
        var m1 = Message(1, 0);
        var m2 = Message(2, 1);
        var m3 = Message(3, 2);

        Assert.Empty(ordering.Offer(m3.Id, m3.Envelope, out _));
        Assert.Empty(ordering.Offer(m2.Id, m2.Envelope, out _));
        Assert.Equal(2, ordering.HeldCount);
        var released = ordering.Offer(m1.Id, m1.Envelope, out _);

        Assert.Equal([1UL, 2UL, 3UL], released.Select(r => r.Envelope.ServerSequence));
        Assert.Equal(0, ordering.HeldCount);
    }

    [Fact]
    public void A_duplicate_is_reported_and_not_released_twice()
    {
        var ordering = new InOrderDelivery();
        var m1 = Message(1, 0);
        ordering.Offer(m1.Id, m1.Envelope, out _);

        var again = ordering.Offer(m1.Id, m1.Envelope, out bool duplicate);

        Assert.True(duplicate);
        Assert.Empty(again);
    }

    [Fact]
    public void A_duplicate_of_a_held_message_is_ignored()
    {
        var ordering = new InOrderDelivery();
        var m2 = Message(2, 1);
        ordering.Offer(m2.Id, m2.Envelope, out _);

        Assert.Empty(ordering.Offer(m2.Id, m2.Envelope, out bool duplicate));
        Assert.False(duplicate);
        Assert.Equal(1, ordering.HeldCount);
    }

    [Fact]
    public void Previous_released_long_ago_still_counts()
    {
        var ordering = new InOrderDelivery();
        var m5 = Message(5, 0);
        var m9 = Message(9, 5);
        ordering.Offer(m5.Id, m5.Envelope, out _);

        Assert.Single(ordering.Offer(m9.Id, m9.Envelope, out _));
    }

    [Fact]
    public void Past_the_hold_capacity_the_lowest_waiting_message_is_released_rather_than_lost()
    {
        var ordering = new InOrderDelivery(memory: 100, holdCapacity: 2);
        var m3 = Message(3, 2);
        var m4 = Message(4, 3);
        var m6 = Message(6, 5);
        ordering.Offer(m3.Id, m3.Envelope, out _);
        ordering.Offer(m4.Id, m4.Envelope, out _);

        var released = ordering.Offer(m6.Id, m6.Envelope, out _);

        Assert.Equal([3UL, 4UL], released.Select(r => r.Envelope.ServerSequence));
        Assert.Equal(1, ordering.HeldCount);
    }

    [Fact]
    public void Several_messages_naming_the_same_predecessor_come_out_in_sequence_order()
    {
        var ordering = new InOrderDelivery();
        var m1 = Message(1, 0);
        var m2 = Message(2, 1);
        var m3 = Message(3, 1); // m2 was fully acknowledged, so the server named m1 as m3's unconfirmed predecessor
        ordering.Offer(m2.Id, m2.Envelope, out _);
        ordering.Offer(m3.Id, m3.Envelope, out _);

        var released = ordering.Offer(m1.Id, m1.Envelope, out _);

        Assert.Equal([1UL, 2UL, 3UL], released.Select(r => r.Envelope.ServerSequence));
    }

    [Fact]
    public void Shuffled_arrival_of_a_long_chain_comes_out_sorted_exactly_once()
    {
        var ordering = new InOrderDelivery();
        var messages = Enumerable.Range(1, 500).Select(k => Message((ulong)k, (ulong)(k - 1))).ToList();
        var random = new Random(42);
        var arrivals = messages.Concat(messages.Where(_ => random.NextDouble() < 0.2)).OrderBy(_ => random.Next()).ToList();

        var released = arrivals.SelectMany(m => ordering.Offer(m.Id, m.Envelope, out _)).Select(r => r.Envelope.ServerSequence).ToList();

        Assert.Equal(Enumerable.Range(1, 500).Select(k => (ulong)k), released);
    }

    [Fact]
    public void The_sequence_of_a_released_message_is_remembered_for_its_read_receipt()
    {
        var ordering = new InOrderDelivery();
        var m7 = Message(7, 0);
        ordering.Offer(m7.Id, m7.Envelope, out _);

        Assert.True(ordering.TryGetSequence(m7.Id, out ulong sequence));
        Assert.Equal(7UL, sequence);
    }
}
