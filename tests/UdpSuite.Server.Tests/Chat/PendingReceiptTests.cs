using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Sessions;

namespace UdpSuite.Server.Tests.Chat;

public class PendingReceiptTests
{
    private static readonly Guid Id = Guid.NewGuid();

    [Fact]
    public void An_ack_after_a_newer_state_replaced_a_sent_one_does_not_end_the_newer_receipt()
    {
        var receipt = new PendingReceipt(new ReceiptBody(Id, DeliveryState.Sent, 1, 0));
        receipt.MarkSent(0);
        receipt.Raise(new ReceiptBody(Id, DeliveryState.Delivered, 1, 5));

        Assert.True(receipt.IsDue(0, TimeSpan.FromSeconds(1)));
        Assert.False(receipt.Acknowledge(DeliveryState.Sent)); // the late ACK of "sent", however often it arrives
        Assert.False(receipt.Acknowledge(DeliveryState.Sent));
        Assert.True(receipt.Acknowledge(DeliveryState.Delivered));
        Assert.Equal(DeliveryState.Delivered, receipt.Body.State);
    }

    [Fact]
    public void A_lower_state_never_replaces_a_higher_one_and_retransmission_backs_off()
    {
        var receipt = new PendingReceipt(new ReceiptBody(Id, DeliveryState.Read, 1, 0));
        receipt.Raise(new ReceiptBody(Id, DeliveryState.Sent, 1, 0));
        Assert.Equal(DeliveryState.Read, receipt.Body.State);

        TimeSpan rto = TimeSpan.FromMilliseconds(100);
        receipt.MarkSent(0);
        Assert.False(receipt.IsDue(rto.Ticks - 1, rto));
        Assert.True(receipt.IsDue(rto.Ticks, rto));
        receipt.MarkSent(rto.Ticks);
        Assert.False(receipt.IsDue(rto.Ticks + rto.Ticks, rto)); // doubled
        Assert.True(receipt.IsDue(rto.Ticks + 2 * rto.Ticks, rto));
        Assert.True(receipt.Acknowledge(DeliveryState.Read));
    }
}
