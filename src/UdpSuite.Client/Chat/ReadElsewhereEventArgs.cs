namespace UdpSuite.Client.Chat;

/// <summary>Another session of this user read message <see cref="MessageId"/> (a message to this user): show it read here too.</summary>
public sealed class ReadElsewhereEventArgs(Guid messageId, ulong serverSequence, DateTimeOffset readAt) : EventArgs
{
    /// <summary>The message's id, as its delivery carried it (<see cref="IncomingMessage.Id"/>).</summary>
    public Guid MessageId { get; } = messageId;

    /// <summary>Its position in this user's log (<see cref="IncomingMessage.ServerSequence"/>).</summary>
    public ulong ServerSequence { get; } = serverSequence;

    /// <summary>When it was read.</summary>
    public DateTimeOffset ReadAt { get; } = readAt;
}
