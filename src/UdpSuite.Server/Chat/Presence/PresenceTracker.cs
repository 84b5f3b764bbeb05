using NodaTime;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Presence;

/// <summary>
/// Every user's presence, in memory: after a server restart everyone is offline until they log in, and the chosen state
/// and status come back from the store with the login (<see cref="Restore"/>). Pure state machine: each method takes the time and reports whether the published presence changed, and to what.
/// <list type="bullet">
/// <item>No session, or the user chose offline ("appear offline"): <see cref="PresenceState.Offline"/>, no status text.</item>
/// <item>The user chose away: <see cref="PresenceState.Away"/>.</item>
/// <item>The user chose online (the default): online, or away once <c>awayAfter</c> passed without user activity.</item>
/// </list>
/// The chosen state and status text stay with the account until changed, across logins (and, kept by the store, restarts). Each published change
/// gets a version above the previous one and at least the change's Unix milliseconds, so versions keep growing across
/// server restarts and a watcher can drop stale and repeated pushes. Not thread-safe (the chat handler's lock).
/// </summary>
internal sealed class PresenceTracker
{
    private readonly Dictionary<string, Entry> _users = new(StringComparer.Ordinal);
    private readonly Duration _awayAfter;
    private Instant? _epoch;

    public PresenceTracker(Duration awayAfter)
    {
        _awayAfter = awayAfter;
    }

    /// <summary>Users the tracker holds (each user who logged in or chose a state since the server started).</summary>
    public int Count => _users.Count;

    /// <summary>What watchers are told about <paramref name="user"/> now; a user never seen is offline since the tracker started.</summary>
    public PresenceInfo Current(string user, Instant now) =>
        _users.TryGetValue(user, out Entry? entry) ? entry.Published : Initial(user, now);

    /// <summary>A session of <paramref name="user"/> began (a login, or a new login replacing the previous session): counts as activity.</summary>
    public bool SessionStarted(string user, Instant now, out PresenceInfo changed)
    {
        Entry entry = Get(user, now);
        entry.Online = true;
        entry.LastActivity = now;
        return Publish(entry, now, out changed);
    }

    /// <summary>The session of <paramref name="user"/> ended (logout: immediate; or silence past the session timeout).</summary>
    public bool SessionEnded(string user, Instant now, out PresenceInfo changed)
    {
        changed = default;
        if (!TryGetOnline(user, out Entry? entry))
        {
            return false;
        }

        entry.Online = false;
        return Publish(entry, now, out changed);
    }

    /// <summary>User activity (a message, a read receipt, a presence or contact request): an idle-away user is online again.</summary>
    public bool Activity(string user, Instant now, out PresenceInfo changed)
    {
        changed = default;
        if (!TryGetOnline(user, out Entry? entry))
        {
            return false;
        }

        entry.LastActivity = now;
        return entry.Published.State == PresenceState.Away && entry.Chosen == PresenceState.Online && Publish(entry, now, out changed);
    }

    /// <summary>The user chose <paramref name="state"/> and <paramref name="status"/> (also user activity).</summary>
    public bool Choose(string user, PresenceState state, string status, Instant now, out PresenceInfo changed)
    {
        Entry entry = Get(user, now);
        entry.Chosen = state;
        entry.Status = status;
        entry.HasChosen = true;
        entry.LastActivity = now;
        return Publish(entry, now, out changed);
    }

    /// <summary>
    /// The choice the store kept for <paramref name="user"/> (from before a restart): taken when the tracker has no choice
    /// of its own for the user yet; publishes nothing (the login that brought it does).
    /// </summary>
    public void Restore(string user, PresenceState state, string status, Instant now)
    {
        Entry entry = Get(user, now);
        if (!entry.HasChosen)
        {
            entry.Chosen = state;
            entry.Status = status;
            entry.HasChosen = true;
        }
    }

    /// <summary>Adds to <paramref name="changes"/> every online user who has been idle for the away period at <paramref name="now"/>.</summary>
    public void CollectIdle(Instant now, List<PresenceInfo> changes)
    {
        foreach (Entry entry in _users.Values)
        {
            if (entry.Online && entry.Published.State == PresenceState.Online && now - entry.LastActivity >= _awayAfter
                && Publish(entry, now, out PresenceInfo changed))
            {
                changes.Add(changed);
            }
        }
    }

    private Entry Get(string user, Instant now)
    {
        if (!_users.TryGetValue(user, out Entry? entry))
        {
            entry = new Entry { Published = Initial(user, now), LastActivity = now };
            _users[user] = entry;
        }

        return entry;
    }

    /// <summary>The entry of <paramref name="user"/> when a session of theirs is open.</summary>
    private bool TryGetOnline(string user, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Entry? entry) =>
        _users.TryGetValue(user, out entry) && entry.Online;

    private PresenceInfo Initial(string user, Instant now)
    {
        _epoch ??= now;
        return new PresenceInfo(user, PresenceState.Offline, string.Empty, (ulong)Math.Max(0, _epoch.Value.ToUnixTimeMilliseconds()), _epoch.Value);
    }

    private (PresenceState State, string Status) Effective(Entry entry, Instant now)
    {
        if (!entry.Online || entry.Chosen == PresenceState.Offline)
        {
            return (PresenceState.Offline, string.Empty); // an invisible user's status text is not shown either
        }

        if (entry.Chosen == PresenceState.Away || now - entry.LastActivity >= _awayAfter)
        {
            return (PresenceState.Away, entry.Status);
        }

        return (PresenceState.Online, entry.Status);
    }

    private bool Publish(Entry entry, Instant now, out PresenceInfo changed)
    {
        (PresenceState state, string status) = Effective(entry, now);
        PresenceInfo published = entry.Published;
        if (state == published.State && string.Equals(status, published.Status, StringComparison.Ordinal))
        {
            changed = default;
            return false;
        }

        ulong version = Math.Max(published.Version + 1, (ulong)Math.Max(0, now.ToUnixTimeMilliseconds()));
        changed = entry.Published = new PresenceInfo(published.User, state, status, version, now);
        return true;
    }

    private sealed class Entry
    {
        public bool Online { get; set; }

        public Instant LastActivity { get; set; }

        public PresenceState Chosen { get; set; } = PresenceState.Online;

        public string Status { get; set; } = string.Empty;

        /// <summary>Whether <see cref="Chosen"/> is a choice (made here, or restored from the store) rather than the default.</summary>
        public bool HasChosen { get; set; }

        public PresenceInfo Published { get; set; }
    }
}
