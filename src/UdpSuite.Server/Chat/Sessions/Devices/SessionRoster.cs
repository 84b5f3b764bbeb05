namespace UdpSuite.Server.Chat.Sessions.Devices;

/// <summary>How a login fared against the per-user cap (<see cref="SessionRoster{TSession}.Admit"/>).</summary>
public enum Admission
{
    /// <summary>Added; no other session was touched.</summary>
    Admitted,

    /// <summary>Added after ending the user's least recently active transient session (reported by <see cref="SessionRoster{TSession}.Removed"/>).</summary>
    AdmittedByEndingTransient,

    /// <summary>Not added: the user holds the cap and every session is receiving (the login gets TooManyPending).</summary>
    Refused,
}

/// <summary>
/// Logged-in sessions by id and by user with several sessions per user (docs/PROTOCOL.md, "Sessions and devices"): at
/// most <c>maxPerUser</c> each; a login beyond that ends the user's least recently active transient session, and is
/// refused when all of them are receiving — no login ever ends a receiving session. Knows which sessions receive
/// (deliveries, copies, read sync) and whether a user still has one (what others see of the user's presence).
/// Not thread-safe: the relay's single thread owns it.
/// </summary>
public sealed class SessionRoster<TSession>
    where TSession : class, IRosterSession
{
    private readonly Dictionary<ulong, TSession> _byId = [];
    private readonly Dictionary<string, List<TSession>> _byUser = new(StringComparer.Ordinal);
    private readonly int _maxPerUser;

    public SessionRoster(int maxPerUser)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerUser, 1);
        _maxPerUser = maxPerUser;
    }

    /// <summary>Raised for every session that leaves (ended, expired, or a transient one ended to make room), so its channel can be closed.</summary>
    public event Action<TSession>? Removed;

    public int Count => _byId.Count;

    public IEnumerable<TSession> All => _byId.Values;

    public bool TryGet(ulong id, out TSession session) => _byId.TryGetValue(id, out session!);

    /// <summary>True while <paramref name="session"/> is in the roster.</summary>
    public bool IsCurrent(TSession session) =>
        session is not null && _byId.TryGetValue(session.Id, out TSession? found) && ReferenceEquals(found, session);

    /// <summary>Every session of <paramref name="user"/>, oldest login first.</summary>
    public IReadOnlyList<TSession> SessionsOf(string user) => _byUser.TryGetValue(user, out List<TSession>? sessions) ? sessions : [];

    /// <summary>The sessions of <paramref name="user"/> that take deliveries, copies and read sync, oldest login first.</summary>
    public IEnumerable<TSession> ReceivingSessionsOf(string user) => SessionsOf(user).Where(s => !s.Transient);

    /// <summary>Whether <paramref name="user"/> has a receiving session: then others see the chosen presence, else offline.</summary>
    public bool HasReceiving(string user) => SessionsOf(user).Any(s => !s.Transient);

    /// <summary>Adds <paramref name="session"/> within the user's cap (see the type's remarks).</summary>
    public Admission Admit(TSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!_byUser.TryGetValue(session.User, out List<TSession>? sessions))
        {
            sessions = [];
            _byUser[session.User] = sessions;
        }

        TSession? ended = null;
        if (sessions.Count >= _maxPerUser)
        {
            ended = sessions.Where(s => s.Transient).MinBy(s => s.LastActivity);
            if (ended is null)
            {
                return Admission.Refused;
            }

            sessions.Remove(ended);
            _byId.Remove(ended.Id);
        }

        sessions.Add(session);
        _byId[session.Id] = session;
        if (ended is not null)
        {
            Removed?.Invoke(ended);
            return Admission.AdmittedByEndingTransient;
        }

        return Admission.Admitted;
    }

    /// <summary>Removes <paramref name="session"/> (nothing when it is not in the roster); true when it was the user's last receiving session.</summary>
    public bool Remove(TSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!IsCurrent(session))
        {
            return false;
        }

        _byId.Remove(session.Id);
        List<TSession> sessions = _byUser[session.User];
        sessions.Remove(session);
        if (sessions.Count == 0)
        {
            _byUser.Remove(session.User);
        }

        Removed?.Invoke(session);
        return !session.Transient && !HasReceiving(session.User);
    }
}
