using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>
/// A state change decided under the client's lock and applied to the <see cref="OutgoingMessage"/> after it is
/// released, so application handlers of <see cref="OutgoingMessage.StateChanged"/> never run inside the client's lock.
/// </summary>
internal readonly record struct OutgoingStateChange(OutgoingMessage Message, DeliveryState State, ulong ServerSequence = 0, string? FailureReason = null, ChatErrorCode RejectCode = ChatErrorCode.None)
{
    /// <summary>New counts of a group message (from a GROUP_RECEIPT), applied before the state.</summary>
    public GroupDeliveryCounts? Counts { get; init; }

    public void Apply()
    {
        if (Counts is { } counts)
        {
            Message.UpdateGroupCounts(counts);
        }

        Message.TryAdvance(State, ServerSequence, FailureReason, RejectCode);
    }
}
