namespace UdpSuite.Client.Chat;

/// <summary>
/// A message delivered to this user, released in conversation order and at most once per <see cref="Id"/> by one
/// client; until the application confirms it (<see cref="ChatClient.Confirm"/>) the server keeps it and delivers it
/// again at the next login, so across clients the same id may come again. <see cref="ServerSequence"/> is the
/// position in this user's inbox that the server assigned.
/// </summary>
public sealed record IncomingMessage(Guid Id, string From, string To, string Text, DateTimeOffset SentAt, ulong ServerSequence)
{
    /// <summary>The group the message was posted to (then <see cref="To"/> is the group's name too), or null for a 1:1 message.</summary>
    public string? Group { get; init; }

    /// <summary>The message's position in the group's log (1, 2, 3, ...: the same for every member), or 0 for a 1:1 message.</summary>
    public ulong GroupSequence { get; init; }

    /// <summary>The sender's id for a group message (every member's copy has its own <see cref="Id"/>), or <see cref="Guid.Empty"/>.</summary>
    public Guid GroupMessageId { get; init; }

    /// <summary>
    /// True when this user is the sender: the copy of a message the user sent from another session (docs/PROTOCOL.md,
    /// "Copies of sent messages"), or a note to self. Show it as outgoing, in its place in the conversation.
    /// </summary>
    public bool IsOutgoing { get; init; }
}
