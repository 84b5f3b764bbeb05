using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.History;

namespace UdpSuite.Tui.Conversations;

/// <summary>
/// Every conversation of this user by peer account, with unread counts; writes each change through to the local
/// history so it survives restarts. UI thread only.
/// </summary>
internal sealed class ConversationBook
{
    private readonly Dictionary<string, List<ConversationMessage>> _byPeer = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _unread = new(StringComparer.Ordinal);
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

    /// <summary>The messages with <paramref name="peer"/>, oldest first: a live list that later messages are added to.</summary>
    public IReadOnlyList<ConversationMessage> With(string peer) => ListFor(peer);

    /// <summary>Outgoing messages the server has not stored yet (state Sending), oldest first: sent again at start, counted at quit.</summary>
    public IReadOnlyList<ConversationMessage> Unsent() =>
        [.. _byPeer.Values.SelectMany(list => list).Where(m => m.Outgoing && m.State == DeliveryState.Sending).OrderBy(m => m.Time)];

    /// <summary>Unread incoming messages from <paramref name="peer"/>.</summary>
    public int Unread(string peer) => _unread.GetValueOrDefault(peer);

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
            _unread[message.Peer] = Unread(message.Peer) + 1;
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

    /// <summary>Forgets a message (a failed one that is being sent again under a new id).</summary>
    public void Remove(Guid id)
    {
        if (_byId.Remove(id, out ConversationMessage? message))
        {
            _byPeer[message.Peer].Remove(message);
            _history?.Delete(id);
        }
    }

    /// <summary>Clears the unread count of <paramref name="peer"/> (its conversation is on screen).</summary>
    public void MarkSeen(string peer) => _unread.Remove(peer);

    private void Index(ConversationMessage message)
    {
        ListFor(message.Peer).Add(message);
        _byId[message.Id] = message;
    }

    private List<ConversationMessage> ListFor(string peer)
    {
        if (!_byPeer.TryGetValue(peer, out List<ConversationMessage>? list))
        {
            _byPeer[peer] = list = [];
        }

        return list;
    }
}
