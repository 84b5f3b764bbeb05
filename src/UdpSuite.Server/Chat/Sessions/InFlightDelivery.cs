using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Sessions;

/// <summary>One stored message being sent to its recipient: its inbox sequence and the fragment bookkeeping.</summary>
public sealed record InFlightDelivery(ulong InboxSequence, OutboundMessage Outbound);
