using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Chat;

/// <summary>A sent message (by the id <see cref="IChatSession.Send"/> returned) reached <see cref="State"/>.</summary>
public sealed record DeliveryUpdate(Guid MessageId, DeliveryState State, string? FailureReason = null);
