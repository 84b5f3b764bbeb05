using NodaTime;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Store;

/// <summary>A committed message as the store holds it.</summary>
/// <param name="MessageId">The sender's message id (unique across the store).</param>
/// <param name="Sender">Who sent it.</param>
/// <param name="Recipient">Who it is for.</param>
/// <param name="InboxSequence">The recipient's dense inbox sequence (1, 2, 3, ...), also the server sequence in receipts.</param>
/// <param name="Text">The message text.</param>
/// <param name="CommittedAt">When the server committed it (the sent-at of deliveries).</param>
/// <param name="State">Sent, delivered or read.</param>
/// <param name="SenderNotifiedState">The highest state whose receipt the sender acknowledged (Sending = none yet).</param>
/// <param name="StateChangedAt">When <see cref="State"/> was reached (the commit time for Sent).</param>
public sealed record StoredMessage(
    Guid MessageId,
    string Sender,
    string Recipient,
    ulong InboxSequence,
    string Text,
    Instant CommittedAt,
    DeliveryState State,
    DeliveryState SenderNotifiedState,
    Instant StateChangedAt)
{
    /// <summary>
    /// Set when this is one member's copy of a group message (<see cref="Recipient"/> is the member): the group's name,
    /// the group sequence and the sender's message id. The copy has its own <see cref="MessageId"/> (see GroupCopyId).
    /// </summary>
    public GroupTag? Group { get; init; }
}
