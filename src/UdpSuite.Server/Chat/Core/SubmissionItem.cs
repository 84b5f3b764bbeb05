using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// A complete submission of <see cref="Session"/> (to a user, or with <see cref="ToGroup"/> to a group) waiting for its
/// commit; its last fragment <see cref="LastIndex"/> is acknowledged only after the commit. The outcome is
/// <see cref="Direct"/> or <see cref="Group"/>, or <see cref="Status"/> UnknownRecipient, or a <see cref="Failure"/>.
/// </summary>
internal readonly record struct SubmissionItem(ChatSession Session, Guid MessageId, ushort LastIndex, string To, string Text, Instant At, bool ToGroup)
{
    public ChatErrorCode Status { get; init; }

    public CommitOutcome? Direct { get; init; }

    public GroupCommitOutcome? Group { get; init; }

    /// <summary>The log sequence of the sender's copy (0 when none: a message to oneself, or a store without logs).</summary>
    public ulong CopySequence { get; init; }

    public ChatStoreException? Failure { get; init; }
}
