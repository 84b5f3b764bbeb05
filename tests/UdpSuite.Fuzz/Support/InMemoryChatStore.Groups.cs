using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Fuzz.Support;

/// <summary>
/// Groups in the fuzzing store: none are kept (every group is unknown), so group requests and GROUP_DATA go through
/// their decoders and the relay's refusal paths; the group logic itself is tested against SQLite in the test projects.
/// </summary>
internal sealed partial class InMemoryChatStore
{
    public ChatErrorCode CreateGroup(string group, string owner, byte[]? inviteCodeHash, Instant createdAt) => ChatErrorCode.StoreUnavailable;

    public ChatErrorCode JoinGroup(string group, string user, byte[]? inviteCodeHash, Instant joinedAt) => ChatErrorCode.UnknownGroup;

    public ChatErrorCode LeaveGroup(string group, string user) => ChatErrorCode.UnknownGroup;

    public ChatErrorCode RenameGroup(string group, string newName, string user) => ChatErrorCode.UnknownGroup;

    public IReadOnlyList<GroupEntry>? GroupMembers(string group) => null;

    public IReadOnlyList<GroupEntry> GroupsOf(string user) => [];

    public IReadOnlyList<string> GroupPeers(string user) => [];

    public GroupCommitOutcome CommitToGroup(Guid messageId, string group, string sender, string text, Instant committedAt) =>
        GroupCommitOutcome.Refused(ChatErrorCode.UnknownGroup);

    public GroupProgress? GroupProgress(Guid messageId) => null;

    public void MarkGroupSenderNotified(Guid messageId, int progress)
    {
    }

    public IReadOnlyList<GroupProgress> UnnotifiedGroupReceipts(string sender, int limit) => [];
}
