using NodaTime;

namespace UdpSuite.Server.Chat.Store;

/// <summary>
/// Several sessions per account (docs/PROTOCOL.md, "Sessions and devices"): each user's log (messages to the user and
/// copies of messages from the user, one dense sequence), each device's cursor over it, read state for read sync, the
/// chosen presence, and history pages. Kept apart from <see cref="IChatStore"/> like <see cref="IContactStore"/>;
/// <see cref="SqliteChatStore"/> implements both. Same threading rule: one caller at a time. Every method either
/// completes durably or throws <see cref="ChatStoreException"/>.
/// </summary>
internal interface IDeviceLogStore
{
    /// <summary>
    /// The cursor of <paramref name="deviceId"/> of <paramref name="user"/>, remembering <paramref name="name"/> for it.
    /// A device seen for the first time starts just below the first entry no device has confirmed (the old backlog):
    /// what is older it pages with history.
    /// </summary>
    DeviceCursor OpenDevice(string user, ulong deviceId, string name, Instant at);

    /// <summary>Moves the device's cursor up to <paramref name="confirmedThrough"/> (never down) and its last-seen time to <paramref name="at"/>.</summary>
    void AdvanceDevice(string user, ulong deviceId, ulong confirmedThrough, Instant at);

    /// <summary>Records that a session of the device ended at <paramref name="at"/> (read syncs after it go out at the next login).</summary>
    void TouchDevice(string user, ulong deviceId, Instant at);

    /// <summary>
    /// Appends to <paramref name="owner"/>'s log the copy of the message <paramref name="messageId"/> the owner sent
    /// (a 1:1 message, or with <paramref name="isGroup"/> a group post by its group message id), sent from
    /// <paramref name="originDevice"/>; returns its log sequence. Appending the same message again returns the first
    /// sequence and changes nothing. A 1:1 message to oneself gets no copy (it is in the log once): returns 0.
    /// </summary>
    ulong AppendCopy(string owner, Guid messageId, bool isGroup, ulong originDevice, Instant at);

    /// <summary>Up to <paramref name="limit"/> entries of <paramref name="user"/>'s log above <paramref name="afterSequence"/>, in log order.</summary>
    IReadOnlyList<LogEntry> LogAfter(string user, ulong afterSequence, int limit);

    /// <summary>The highest log sequence of <paramref name="user"/> (0 for an empty log).</summary>
    ulong LogHead(string user);

    /// <summary>Up to <paramref name="limit"/> messages to <paramref name="user"/> read after <paramref name="since"/>, the most recently read first.</summary>
    IReadOnlyList<StoredMessage> ReadSince(string user, Instant since, int limit);

    /// <summary>Stores the presence <paramref name="user"/> chose.</summary>
    void SavePresenceChoice(string user, PresenceChoice choice);

    /// <summary>The presence <paramref name="user"/> chose last, or null when it never chose.</summary>
    PresenceChoice? LoadPresenceChoice(string user);

    /// <summary>
    /// Messages between <paramref name="user"/> and <paramref name="peer"/> older than position <paramref name="before"/>
    /// (0 = from the newest), newest first: at most <paramref name="limit"/> and at most <paramref name="maxBytes"/> of
    /// page envelope (but at least one entry). <c>UnknownRecipient</c> when the peer has no account.
    /// </summary>
    StoredHistoryPage ConversationPage(string user, string peer, ulong before, int limit, int maxBytes);

    /// <summary>
    /// As <see cref="ConversationPage"/> for group <paramref name="group"/>: the user's own posts and the copies it was
    /// given, by group sequence. <c>UnknownGroup</c>, or <c>NotGroupMember</c> when the user is not a member now.
    /// </summary>
    StoredHistoryPage GroupPage(string user, string group, ulong before, int limit, int maxBytes);
}
