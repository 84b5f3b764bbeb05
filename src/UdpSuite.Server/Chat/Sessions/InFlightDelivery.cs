using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Sessions;

/// <summary>One stored message being sent to its recipient: its inbox sequence, the fragment bookkeeping, and the datagram type (DATA, or GROUP_DATA for a group copy).</summary>
internal sealed record InFlightDelivery(ulong InboxSequence, OutboundMessage Outbound, ChatMessageType Type = ChatMessageType.Data);
