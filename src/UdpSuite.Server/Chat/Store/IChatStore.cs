using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel.Login;

namespace UdpSuite.Server.Chat.Store;

/// <summary>
/// The relay's durable state: accounts (password verifiers, never passwords) and messages with their delivery state.
/// The embedded default is <see cref="SqliteChatStore"/>; the interface speaks only in names, ids and states, so a
/// shared engine (Redis, PostgreSQL) can implement it later and back several relay servers at once.
/// Every method either completes durably or throws <see cref="ChatStoreException"/>; callers never acknowledge
/// anything the store did not confirm. The relay core does no store I/O: every call the chat listener makes at run time
/// (login lookups and registrations, group and contact requests, presence audiences, commits, receipts, delivery
/// reads) comes from its one store worker thread, in the order the core issued it; the receive thread only reads
/// <see cref="ServerSecret"/> once, when the listener starts. Implementations must still be safe to call from several
/// threads (tools and tests share a store with a running listener).
/// </summary>
public interface IChatStore : IGroupStore, IDisposable
{
    /// <summary>
    /// Creates the account; false (and nothing changed) when the name is taken. A name held by a protocol-version-1
    /// account (<see cref="StoredAccount.NeedsReRegistration"/>) is not taken: registering replaces that account.
    /// </summary>
    bool TryAddUser(string name, PasswordVerifier verifier, Instant createdAt);

    /// <summary>The account, or null when there is no such user.</summary>
    StoredAccount? FindUser(string name);

    /// <summary>
    /// A secret that never leaves the server and stays the same across restarts (decoy salts for unknown names
    /// are derived from it, so they look as stable as real ones). Created on first use.
    /// </summary>
    byte[] ServerSecret();

    /// <summary>
    /// Commits a message, assigning the recipient's next dense inbox sequence (1, 2, 3, ...). Durable when it returns.
    /// When <paramref name="messageId"/> was committed before, nothing changes and the stored message comes back
    /// with <see cref="CommitOutcome.WasDuplicate"/> set.
    /// </summary>
    CommitOutcome Commit(Guid messageId, string sender, string recipient, string text, Instant committedAt);

    /// <summary>
    /// Commits several messages, in list order, as <see cref="Commit"/> would one by one; the outcomes come back in the
    /// same order. Stores that can should make the whole list durable with one write to disk (group commit) and
    /// all-or-nothing: when this throws, callers treat every message of the list as not stored.
    /// </summary>
    IReadOnlyList<CommitOutcome> CommitAll(IReadOnlyList<CommitRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var outcomes = new CommitOutcome[requests.Count];
        for (int i = 0; i < requests.Count; i++)
        {
            CommitRequest request = requests[i];
            outcomes[i] = Commit(request.MessageId, request.Sender, request.Recipient, request.Text, request.CommittedAt);
        }

        return outcomes;
    }

    /// <summary>Up to <paramref name="limit"/> messages to <paramref name="recipient"/> not yet delivered, with inbox sequence above <paramref name="afterSequence"/>, in inbox order.</summary>
    IReadOnlyList<StoredMessage> Undelivered(string recipient, ulong afterSequence, int limit);

    /// <summary>
    /// Raises the state of a message addressed to <paramref name="recipient"/> to <paramref name="state"/> (delivered or read) at <paramref name="changedAt"/>.
    /// Returns the message when its state went up, null when it was already there, is unknown, or belongs to another recipient.
    /// </summary>
    StoredMessage? AdvanceState(Guid messageId, string recipient, DeliveryState state, Instant changedAt);

    /// <summary>Records that the sender acknowledged the receipt for <paramref name="state"/> (never lowers it).</summary>
    void MarkSenderNotified(Guid messageId, DeliveryState state);

    /// <summary>Up to <paramref name="limit"/> messages from <paramref name="sender"/> whose state the sender has not yet acknowledged, oldest first.</summary>
    IReadOnlyList<StoredMessage> UnnotifiedReceipts(string sender, int limit);
}
