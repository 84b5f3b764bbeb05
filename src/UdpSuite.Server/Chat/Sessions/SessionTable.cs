namespace UdpSuite.Server.Chat.Sessions;

/// <summary>
/// Logged-in sessions by id and by user (one session per user: a new login replaces the old one).
/// Bounded by the caller (<see cref="ChatRelayLimits.MaxSessions"/>). Not thread-safe.
/// </summary>
public sealed class SessionTable
{
    private readonly Dictionary<ulong, ChatSession> _byId = [];
    private readonly Dictionary<string, ChatSession> _byUser = new(StringComparer.Ordinal);

    /// <summary>Raised for every session that leaves the table (logout, expiry, replaced by a new login), so its channel can be closed.</summary>
    public event Action<ChatSession>? Removed;

    public int Count => _byId.Count;

    public IEnumerable<ChatSession> All => _byId.Values;

    public bool TryGet(ulong id, out ChatSession session) => _byId.TryGetValue(id, out session!);

    public ChatSession? FindUser(string user) => _byUser.GetValueOrDefault(user);

    /// <summary>True while <paramref name="session"/> is in the table (not ended, not replaced by a newer login).</summary>
    public bool IsCurrent(ChatSession session) => _byId.TryGetValue(session.Id, out ChatSession? found) && ReferenceEquals(found, session);

    public bool ContainsId(ulong id) => _byId.ContainsKey(id);

    /// <summary>Adds <paramref name="session"/>; returns the session of the same user it replaced, if any.</summary>
    public ChatSession? Add(ChatSession session)
    {
        ChatSession? replaced = FindUser(session.User);
        if (replaced is not null)
        {
            _byId.Remove(replaced.Id);
        }

        _byId[session.Id] = session;
        _byUser[session.User] = session;
        if (replaced is not null)
        {
            Removed?.Invoke(replaced);
        }

        return replaced;
    }

    public void Remove(ChatSession session)
    {
        bool removed = _byId.Remove(session.Id);
        if (_byUser.TryGetValue(session.User, out ChatSession? current) && ReferenceEquals(current, session))
        {
            _byUser.Remove(session.User);
        }

        if (removed)
        {
            Removed?.Invoke(session);
        }
    }
}
