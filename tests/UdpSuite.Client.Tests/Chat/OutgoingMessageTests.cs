using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Tests.Chat;

public sealed class OutgoingMessageTests
{
    [Fact]
    public void States_only_move_forward()
    {
        var message = new OutgoingMessage(Guid.NewGuid(), "bob", "hi");

        Assert.True(message.TryAdvance(DeliveryState.Delivered));
        Assert.False(message.TryAdvance(DeliveryState.Sent));
        Assert.False(message.TryAdvance(DeliveryState.Failed));
        Assert.Equal(DeliveryState.Delivered, message.State);
    }

    [Fact]
    public void Failure_is_final_and_keeps_the_reason()
    {
        var message = new OutgoingMessage(Guid.NewGuid(), "bob", "hi");

        Assert.True(message.TryAdvance(DeliveryState.Failed, failureReason: "refused", rejectCode: ChatErrorCode.UnknownRecipient));
        Assert.False(message.TryAdvance(DeliveryState.Sent));
        Assert.Equal("refused", message.FailureReason);
        Assert.Equal(ChatErrorCode.UnknownRecipient, message.RejectCode);
    }

    [Fact]
    public async Task Waiting_for_sent_completes_when_a_later_state_arrives_first()
    {
        var message = new OutgoingMessage(Guid.NewGuid(), "bob", "hi");
        Task<DeliveryState> waiting = message.WaitForAsync(DeliveryState.Sent);

        message.TryAdvance(DeliveryState.Delivered);

        Assert.Equal(DeliveryState.Delivered, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Waiting_for_delivery_ends_with_failed_when_the_message_fails()
    {
        var message = new OutgoingMessage(Guid.NewGuid(), "bob", "hi");
        Task<DeliveryState> waiting = message.WaitForAsync(DeliveryState.Delivered);

        message.TryAdvance(DeliveryState.Failed, failureReason: "deadline");

        Assert.Equal(DeliveryState.Failed, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Every_forward_move_raises_StateChanged_once()
    {
        var message = new OutgoingMessage(Guid.NewGuid(), "bob", "hi");
        var seen = new List<DeliveryState>();
        message.StateChanged += (_, state) => seen.Add(state);

        message.TryAdvance(DeliveryState.Sent);
        message.TryAdvance(DeliveryState.Sent);
        message.TryAdvance(DeliveryState.Read);

        Assert.Equal([DeliveryState.Sent, DeliveryState.Read], seen);
    }
}
