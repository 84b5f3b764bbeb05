namespace UdpSuite.Server.Chat.Presence;

/// <summary>
/// Who sees whose presence. The seam between presence and the social graph: today <see cref="ContactPresenceAudience"/>
/// (server-side contacts) and <see cref="SocialPresenceAudience"/> (contacts and users sharing a group). Calls may hit the
/// store and throw <see cref="Store.ChatStoreException"/>: the relay core never makes them itself, it issues audience
/// items that the chat listener's store worker runs (so an implementation is called on that thread), only on presence
/// changes and logins, never per datagram.
/// </summary>
public interface IPresenceAudience
{
    /// <summary>The users who get pushes about <paramref name="user"/>'s presence.</summary>
    IReadOnlyCollection<string> WatchersOf(string user);

    /// <summary>The users whose presence <paramref name="user"/> gets at login (the inverse of <see cref="WatchersOf"/>).</summary>
    IReadOnlyCollection<string> WatchedBy(string user);
}
