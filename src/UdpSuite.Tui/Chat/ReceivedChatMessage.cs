namespace UdpSuite.Tui.Chat;

/// <summary>A message someone sent to this user.</summary>
public sealed record ReceivedChatMessage(Guid Id, string From, string To, string Text, DateTimeOffset SentAt);
