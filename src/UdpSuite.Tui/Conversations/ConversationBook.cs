using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.History;

namespace UdpSuite.Tui.Conversations;

/// <summary>
/// Every conversation of this user (with a person or in a group), with unread counts and last activity; writes each
/// change through to the local history so it survives restarts. UI thread only.
/// </summary>
internal sealed class ConversationBook
{
    private readonly Dictionary<ConversationId, List<ConversationMessage>> _byConversation = [];
    private readonly Dictionary<ConversationId, int> _unread = [];
    private readonly Dictionary<Guid, ConversationMessage> _byId = [];
    private readonly ChatHistory? _history;

    public ConversationBook(ChatHistory? history)
    {
        _history = history;
        foreach (ConversationMessage message in history?.LoadAll() ?? [])
        {
            Index(message);
        }
    }

    /// <summary>Every conversation that has at least one message (from the history too): people who wrote and groups left since stay listed.</summary>
    public IEnumerable<ConversationId> Conversations => _byConversation.Where(p => p.Value.Count > 0).Select(p => p.Key);

    /// <summary>The messages with the account <paramref name="peer"/>, oldest first: a live list that later messages are added to.</summary>
    public IReadOnlyList<ConversationMessage> With(string peer) => ListFor(ConversationId.Person(peer));

    /// <summary>The messages of <paramref name="conversation"/>, oldest first: a live list that later messages are added to.</summary>
    public IReadOnlyList<ConversationMessage> With(ConversationId conversation) => ListFor(conversation);

    /// <summary>Outgoing messages the server has not stored yet (state Sending), oldest first: sent again at start, counted at quit.</summary>
    public IReadOnlyList<ConversationMessage> Unsent() =>
        [.. _byConversation.Values.SelectMany(list => list).Where(m => m.Outgoing && m.State == DeliveryState.Sending).OrderBy(m => m.Time)];

    /// <summary>Unread incoming messages from the account <paramref name="peer"/>.</summary>
    public int Unread(string peer) => Unread(ConversationId.Person(peer));

    /// <summary>Unread incoming messages in <paramref name="conversation"/>.</summary>
    public int Unread(ConversationId conversation) => _unread.GetValueOrDefault(conversation);

    /// <summary>When the newest message of <paramref name="conversation"/> was written, or null when it has none.</summary>
    public DateTimeOffset? LastActivity(ConversationId conversation) =>
        _byConversation.TryGetValue(conversation, out List<ConversationMessage>? list) && list.Count > 0 ? list.Max(m => m.Time) : null;

    /// <summary>Unread incoming messages in all conversations.</summary>
    public int TotalUnread => _unread.Values.Sum();

    /// <summary>Adds a message (ignores an id already known, since the network may repeat one); true when it is new.</summary>
    public bool Add(ConversationMessage message, bool unread)
    {
        if (_byId.ContainsKey(message.Id))
        {
            return false;
        }

        // Stored before it is known here: a save that throws leaves no trace, so the same message delivered again is
        // stored then, rather than taken for a duplicate and confirmed without ever having been stored.
        _history?.Save(message);
        Index(message);
        if (unread)
        {
            _unread[message.Conversation] = Unread(message.Conversation) + 1;
        }

        return true;
    }

    /// <summary>Moves a sent message to <paramref name="state"/>; returns it, or null when unknown.</summary>
    public ConversationMessage? Update(Guid id, DeliveryState state)
    {
        if (!_byId.TryGetValue(id, out ConversationMessage? message))
        {
            return null;
        }

        message.State = state;
        message.Queued = false;
        _history?.UpdateState(id, state);
        return message;
    }

    /// <summary>Takes what the client library knows of a sent message: its state, a group's counts, the reason it failed.</summary>
    public ConversationMessage? Update(OutgoingMessage update)
    {
        ConversationMessage? message = Update(update.Id, update.State);
        if (message is not null)
        {
            message.GroupCounts = update.GroupCounts ?? message.GroupCounts;
            // The reason in words, and whether Ctrl+R can help, come from the code the server (or the client) gave.
            bool failed = update.State == DeliveryState.Failed;
            message.FailureCode = failed ? update.RejectCode : ChatErrorCode.None;
            message.FailureReason = failed ? update.FailureReason : null;
        }

        return message;
    }

    /// <summary>Forgets a message (a failed one that is being sent again under a new id).</summary>
    public void Remove(Guid id)
    {
        if (_byId.Remove(id, out ConversationMessage? message))
        {
            _byConversation[message.Conversation].Remove(message);
            _history?.Delete(id);
        }
    }

    /// <summary>
    /// Another device read the incoming message <paramref name="id"/>: it is no longer unread here (the count of its
    /// conversation drops by one); false when the message is unknown, outgoing or already read.
    /// </summary>
    public bool MarkReadElsewhere(Guid id)
    {
        if (!_byId.TryGetValue(id, out ConversationMessage? message) || message.Outgoing || message.State == DeliveryState.Read)
        {
            return false;
        }

        message.State = DeliveryState.Read;
        _history?.UpdateState(id, DeliveryState.Read);
        int unread = Unread(message.Conversation);
        if (unread > 1)
        {
            _unread[message.Conversation] = unread - 1;
        }
        else
        {
            _unread.Remove(message.Conversation);
        }

        return true;
    }

    /// <summary>Clears the unread count of the account <paramref name="peer"/> (its conversation is on screen).</summary>
    public void MarkSeen(string peer) => MarkSeen(ConversationId.Person(peer));

    /// <summary>Clears the unread count of <paramref name="conversation"/> (it is on screen).</summary>
    public void MarkSeen(ConversationId conversation) => _unread.Remove(conversation);

    private void Index(ConversationMessage message)
    {
        ListFor(message.Conversation).Add(message);
        _byId[message.Id] = message;
    }

    private List<ConversationMessage> ListFor(ConversationId conversation)
    {
        if (!_byConversation.TryGetValue(conversation, out List<ConversationMessage>? list))
        {
            _byConversation[conversation] = list = [];
        }

        return list;
    }
}
