using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Sessions.Devices;

/// <summary>
/// What watchers see of an account with several sessions (docs/PROTOCOL.md, "Presence of an account with several
/// sessions"): the chosen state and status while the user has a receiving session, offline (without status) when it
/// has none; the idle rule turns a chosen online into away only when every receiving session is idle.
/// </summary>
public static class AccountPresenceRule
{
    /// <summary>The state and status watchers see.</summary>
    /// <param name="chosen">The stored choice, or null when the user never chose (then online).</param>
    /// <param name="hasReceivingSession">Whether at least one non-transient session is logged in.</param>
    /// <param name="allReceivingIdle">Whether every receiving session has been without user activity past the away-after time.</param>
    public static (PresenceState State, string Status) Visible(PresenceChoice? chosen, bool hasReceivingSession, bool allReceivingIdle)
    {
        if (!hasReceivingSession)
        {
            return (PresenceState.Offline, string.Empty);
        }

        PresenceState state = chosen?.State ?? PresenceState.Online;
        string status = chosen?.Status ?? string.Empty;
        return state switch
        {
            PresenceState.Offline => (PresenceState.Offline, string.Empty), // appear offline: no status text either
            PresenceState.Online when allReceivingIdle => (PresenceState.Away, status),
            _ => (state, status),
        };
    }
}
