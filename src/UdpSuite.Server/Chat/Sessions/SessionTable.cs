using UdpSuite.Server.Chat.Sessions.Devices;

namespace UdpSuite.Server.Chat.Sessions;

/// <summary>
/// Logged-in sessions by id and by user, several per user (docs/PROTOCOL.md, "Sessions and devices"): a
/// <see cref="SessionRoster{TSession}"/> of <see cref="ChatSession"/>s with the per-user cap
/// (<see cref="ChatRelayLimits.MaxSessionsPerUser"/>). No login ends a receiving session. Bounded in total by the caller
/// (<see cref="ChatRelayLimits.MaxSessions"/>). Not thread-safe.
/// </summary>
public sealed class SessionTable
{
    private readonly SessionRoster<ChatSession> _roster;

    public SessionTable(int maxPerUser = ChatRelayLimits.DefaultMaxSessionsPerUser)
    {
        _roster = new SessionRoster<ChatSession>(maxPerUser);
        _roster.Removed += session => Removed?.Invoke(session);
    }

    /// <summary>Raised for every session that leaves the table (logout, expiry, SESSION_END, a transient one ended to make room), so its channel can be closed.</summary>
    public event Action<ChatSession>? Removed;

    public int Count => _roster.Count;

    public IEnumerable<ChatSession> All => _roster.All;

    public bool TryGet(ulong id, out ChatSession session) => _roster.TryGet(id, out session);

    /// <summary>True while <paramref name="session"/> is in the table (not ended).</summary>
    public bool IsCurrent(ChatSession session) => _roster.IsCurrent(session);

    public bool ContainsId(ulong id) => _roster.TryGet(id, out _);

    /// <summary>Every session of <paramref name="user"/>, oldest login first.</summary>
    public IReadOnlyList<ChatSession> SessionsOf(string user) => _roster.SessionsOf(user);

    /// <summary>The sessions of <paramref name="user"/> that take deliveries, copies and read sync, oldest login first.</summary>
    public IEnumerable<ChatSession> ReceivingSessionsOf(string user) => _roster.ReceivingSessionsOf(user);

    /// <summary>Whether <paramref name="user"/> has a receiving session (then watchers see the chosen presence).</summary>
    public bool HasReceiving(string user) => _roster.HasReceiving(user);

    /// <summary>Whether <paramref name="user"/> has any session.</summary>
    public bool HasAny(string user) => _roster.SessionsOf(user).Count > 0;

    /// <summary>
    /// The sessions of <paramref name="user"/> that hear of the state of message <paramref name="messageId"/> it sent:
    /// every receiving session, and the transient session that submitted it.
    /// </summary>
    public IEnumerable<ChatSession> ReceiptAudience(string user, Guid messageId) =>
        _roster.SessionsOf(user).Where(s => !s.Transient || s.Submitted.Contains(messageId));

    /// <summary>Whether another current session of <paramref name="session"/>'s user logged in from the same device.</summary>
    public bool DeviceStillOnline(ChatSession session) =>
        _roster.SessionsOf(session.User).Any(s => !ReferenceEquals(s, session) && !s.Transient && s.Device.DeviceId == session.Device.DeviceId);

    /// <summary>Adds <paramref name="session"/> within the user's cap; see <see cref="SessionRoster{TSession}.Admit"/>.</summary>
    public Admission Admit(ChatSession session) => _roster.Admit(session);

    /// <summary>Removes <paramref name="session"/>; true when it was its user's last receiving session.</summary>
    public bool Remove(ChatSession session) => _roster.Remove(session);
}
