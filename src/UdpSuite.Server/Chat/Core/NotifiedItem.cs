using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Core;

/// <summary>A sender acknowledged the receipt of <see cref="MessageId"/> for <see cref="State"/>, or (group) the counts with <see cref="GroupProgress"/>.</summary>
internal readonly record struct NotifiedItem(Guid MessageId, DeliveryState State, int? GroupProgress)
{
    public ChatStoreException? Failure { get; init; }
}
