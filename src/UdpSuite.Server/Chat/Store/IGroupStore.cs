using NodaTime;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Store;

/// <summary>
/// The group half of the relay's durable state (part of <see cref="IChatStore"/>): groups, their members, and group
/// messages. A group message is committed once into the group's log (dense group sequence) and, in the same
/// transaction, as one copy per member other than the sender into that member's inbox (next inbox sequence, own
/// message id from <see cref="GroupCopyId"/>), so delivery, acknowledgement, retransmission and offline delivery are
/// the ones 1:1 messages use. Copies never produce per-copy receipts for the sender; the sender learns counts instead
/// (<see cref="GroupProgress"/>). Operations answer with <see cref="ChatErrorCode.None"/> or the reason they were
/// refused; store failures throw <see cref="ChatStoreException"/>.
/// </summary>
public interface IGroupStore
{
    /// <summary>Creates <paramref name="group"/> with <paramref name="owner"/> as owner and first member. GroupExists; GroupFull when the owner is in too many groups.</summary>
    ChatErrorCode CreateGroup(string group, string owner, byte[]? inviteCodeHash, Instant createdAt);

    /// <summary>
    /// Adds <paramref name="user"/> to <paramref name="group"/>; None when already a member. UnknownGroup; BadInviteCode when
    /// the group has a code and <paramref name="inviteCodeHash"/> is not its hash; GroupFull.
    /// </summary>
    ChatErrorCode JoinGroup(string group, string user, byte[]? inviteCodeHash, Instant joinedAt);

    /// <summary>
    /// Removes <paramref name="user"/> from <paramref name="group"/>. An owner who leaves hands the group to the longest-standing
    /// member; the last member out dissolves the group (its name is free again). UnknownGroup, NotGroupMember.
    /// </summary>
    ChatErrorCode LeaveGroup(string group, string user);

    /// <summary>Renames <paramref name="group"/> (owner only). Copies not yet delivered carry the new name. UnknownGroup, NotGroupMember, NotGroupOwner, GroupExists.</summary>
    ChatErrorCode RenameGroup(string group, string newName, string user);

    /// <summary>The members of <paramref name="group"/> in the order they joined (owner flagged), or null when there is no such group.</summary>
    IReadOnlyList<GroupEntry>? GroupMembers(string group);

    /// <summary>The groups <paramref name="user"/> belongs to, by name, with their member counts and whether the user owns them.</summary>
    IReadOnlyList<GroupEntry> GroupsOf(string user);

    /// <summary>Everyone who shares at least one group with <paramref name="user"/> (not the user), each once, by name: whom presence should reach.</summary>
    IReadOnlyList<string> GroupPeers(string user);

    /// <summary>
    /// Commits a group message (see the type's remarks); durable when it returns. A message id committed before comes
    /// back as it was with <see cref="GroupCommitOutcome.WasDuplicate"/> set (no new copies).
    /// </summary>
    GroupCommitOutcome CommitToGroup(Guid messageId, string group, string sender, string text, Instant committedAt);

    /// <summary>How many members have group message <paramref name="messageId"/> and have read it; null when unknown.</summary>
    GroupProgress? GroupProgress(Guid messageId);

    /// <summary>Records that the sender acknowledged the counts with this progress (delivered + read; never lowers it).</summary>
    void MarkGroupSenderNotified(Guid messageId, int progress);

    /// <summary>Up to <paramref name="limit"/> group messages of <paramref name="sender"/> whose counts rose past what the sender acknowledged, oldest first.</summary>
    IReadOnlyList<GroupProgress> UnnotifiedGroupReceipts(string sender, int limit);
}

/// <summary>What <see cref="IGroupStore.CommitToGroup"/> did: refused (Status), or committed at GroupSequence for these recipients.</summary>
public sealed record GroupCommitOutcome(ChatErrorCode Status, string Sender, ulong GroupSequence, Instant CommittedAt, IReadOnlyList<string> Recipients, bool WasDuplicate)
{
    public static GroupCommitOutcome Refused(ChatErrorCode status) => new(status, string.Empty, 0, default, [], false);
}

/// <summary>A group message's counts: of <paramref name="Members"/> copies, how many were delivered and read; what the sender has acknowledged.</summary>
public sealed record GroupProgress(Guid MessageId, string Sender, ulong GroupSequence, int Members, int Delivered, int Read, int NotifiedProgress, Instant CommittedAt)
{
    /// <summary>Delivered + read (the number a GROUP_RECEIPT's ACK names).</summary>
    public int Progress => Delivered + Read;
}
