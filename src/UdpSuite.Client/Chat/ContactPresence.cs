using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>
/// What the server last told this client about <paramref name="User"/>'s presence: state, status text, since when, and
/// the version of that change (higher is newer; each version is reported once).
/// </summary>
public sealed record ContactPresence(string User, PresenceState State, string Status, DateTimeOffset Since, ulong Version);

/// <summary>A contact's presence changed (or became known, at login). Raised once per change, on the client's receive thread.</summary>
public sealed class PresenceChangedEventArgs(ContactPresence presence) : EventArgs
{
    public ContactPresence Presence { get; } = presence;
}
