using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Core;

/// <summary>A delivered/read RECEIPT from recipient <see cref="Session"/>: the message whose state went up (and its group's counts), or null.</summary>
internal readonly record struct ReceiptItem(ChatSession Session, Guid MessageId, DeliveryState State, Instant At)
{
    public StoredMessage? Advanced { get; init; }

    public GroupProgress? Progress { get; init; }

    public ChatStoreException? Failure { get; init; }
}
