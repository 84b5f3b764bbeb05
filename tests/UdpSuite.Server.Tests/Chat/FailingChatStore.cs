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

    public bool TryAddUser(string name, ScramVerifier verifier, Instant createdAt) => inner.TryAddUser(name, verifier, createdAt);

    public ScramVerifier? FindUser(string name) => inner.FindUser(name);

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

    public void Dispose() => inner.Dispose();
}
