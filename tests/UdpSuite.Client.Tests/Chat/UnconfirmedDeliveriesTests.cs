using UdpSuite.Client.Chat;

namespace UdpSuite.Client.Tests.Chat;

public sealed class UnconfirmedDeliveriesTests
{
    [Fact]
    public void A_tracked_message_withholds_the_fragment_that_completed_it_until_confirmed()
    {
        var unconfirmed = new UnconfirmedDeliveries(capacity: 4);
        Guid id = Guid.NewGuid();

        unconfirmed.Track(id, withheldIndex: 3);

        Assert.True(unconfirmed.TryGetWithheld(id, out ushort withheld));
        Assert.Equal(3, withheld);
        Assert.True(unconfirmed.TryConfirm(id, out ushort released));
        Assert.Equal(3, released);
        Assert.False(unconfirmed.TryGetWithheld(id, out _));
        Assert.Equal(0, unconfirmed.Count);
    }

    [Fact]
    public void Confirming_twice_or_an_unknown_message_is_refused()
    {
        var unconfirmed = new UnconfirmedDeliveries(capacity: 4);
        Guid id = Guid.NewGuid();
        unconfirmed.Track(id, 0);

        Assert.True(unconfirmed.TryConfirm(id, out _));
        Assert.False(unconfirmed.TryConfirm(id, out _));
        Assert.False(unconfirmed.TryConfirm(Guid.NewGuid(), out _));
    }

    [Fact]
    public void It_is_full_at_capacity_and_has_room_again_after_a_confirmation()
    {
        var unconfirmed = new UnconfirmedDeliveries(capacity: 2);
        Guid first = Guid.NewGuid();
        unconfirmed.Track(first, 0);
        Assert.False(unconfirmed.IsFull);
        unconfirmed.Track(Guid.NewGuid(), 0);

        Assert.True(unconfirmed.IsFull);
        unconfirmed.TryConfirm(first, out _);
        Assert.False(unconfirmed.IsFull);
    }
}
