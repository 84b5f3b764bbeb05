namespace UdpSuite.Protocol.Chat;

/// <summary>
/// A user's presence as watchers see it. Offline is the default (no session, or a user who chose to appear offline);
/// Away is chosen by the user or derived by the server after a period without user activity.
/// </summary>
public enum PresenceState : byte
{
    Offline = 0,
    Online = 1,
    Away = 2,
}
