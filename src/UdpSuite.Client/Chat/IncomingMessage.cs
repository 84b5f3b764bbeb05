namespace UdpSuite.Client.Chat;

/// <summary>
/// A message delivered to this user, released in conversation order and at most once per <see cref="Id"/>.
/// <see cref="ServerSequence"/> is the position in this user's inbox that the server assigned.
/// </summary>
public sealed record IncomingMessage(Guid Id, string From, string To, string Text, DateTimeOffset SentAt, ulong ServerSequence);
