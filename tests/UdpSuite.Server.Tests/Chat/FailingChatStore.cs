using UdpSuite.Protocol.Security.Channel.Login;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>
/// A real store whose writes of messages fail on demand, as a full or read-only disk would make them; it also records
/// the size of every <see cref="IChatStore.CommitAll"/> call (group commits).
/// </summary>
internal sealed class FailingChatStore(IChatStore inner) : IChatStore
{
    public bool FailMessageWrites { get; set; }

    public List<int> CommitAllSizes { get; } = [];

    public bool TryAddUser(string name, PasswordVerifier verifier, Instant createdAt) => inner.TryAddUser(name, verifier, createdAt);

    public StoredAccount? FindUser(string name) => inner.FindUser(name);

    public byte[] ServerSecret() => inner.ServerSecret();

    public CommitOutcome Commit(Guid messageId, string sender, string recipient, string text, Instant committedAt) =>
        FailMessageWrites ? throw new ChatStoreException("chat store 'test': disk I/O error") : inner.Commit(messageId, sender, recipient, text, committedAt);

    public IReadOnlyList<CommitOutcome> CommitAll(IReadOnlyList<CommitRequest> requests)
    {
        lock (CommitAllSizes)
        {
            CommitAllSizes.Add(requests.Count);
        }

        return FailMessageWrites ? throw new ChatStoreException("chat store 'test': disk I/O error") : inner.CommitAll(requests);
    }

    public IReadOnlyList<StoredMessage> Undelivered(string recipient, ulong afterSequence, int limit) => inner.Undelivered(recipient, afterSequence, limit);

    public StoredMessage? AdvanceState(Guid messageId, string recipient, DeliveryState state, Instant changedAt) =>
        FailMessageWrites ? throw new ChatStoreException("chat store 'test': disk I/O error") : inner.AdvanceState(messageId, recipient, state, changedAt);

    public void MarkSenderNotified(Guid messageId, DeliveryState state) => inner.MarkSenderNotified(messageId, state);

    public IReadOnlyList<StoredMessage> UnnotifiedReceipts(string sender, int limit) => inner.UnnotifiedReceipts(sender, limit);

    // Groups: commits fail with the other message writes; the rest passes through.
    public ChatErrorCode CreateGroup(string group, string owner, byte[]? inviteCodeHash, Instant createdAt) => inner.CreateGroup(group, owner, inviteCodeHash, createdAt);

    public ChatErrorCode JoinGroup(string group, string user, byte[]? inviteCodeHash, Instant joinedAt) => inner.JoinGroup(group, user, inviteCodeHash, joinedAt);

    public ChatErrorCode LeaveGroup(string group, string user) => inner.LeaveGroup(group, user);

    public ChatErrorCode RenameGroup(string group, string newName, string user) => inner.RenameGroup(group, newName, user);

    public IReadOnlyList<GroupEntry>? GroupMembers(string group) => inner.GroupMembers(group);

    public IReadOnlyList<GroupEntry> GroupsOf(string user) => inner.GroupsOf(user);

    public IReadOnlyList<string> GroupPeers(string user) => inner.GroupPeers(user);

    public GroupCommitOutcome CommitToGroup(Guid messageId, string group, string sender, string text, Instant committedAt) =>
        FailMessageWrites ? throw new ChatStoreException("chat store 'test': disk I/O error") : inner.CommitToGroup(messageId, group, sender, text, committedAt);

    public GroupProgress? GroupProgress(Guid messageId) => inner.GroupProgress(messageId);

    public void MarkGroupSenderNotified(Guid messageId, int progress) => inner.MarkGroupSenderNotified(messageId, progress);

    public IReadOnlyList<GroupProgress> UnnotifiedGroupReceipts(string sender, int limit) => inner.UnnotifiedGroupReceipts(sender, limit);

    public void Dispose() => inner.Dispose();
}
