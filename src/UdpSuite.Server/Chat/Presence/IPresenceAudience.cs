namespace UdpSuite.Server.Chat.Presence;

/// <summary>
/// Who sees whose presence. The seam between presence and the social graph: today <see cref="ContactPresenceAudience"/>
/// (server-side contacts); when groups exist, an implementation that adds users sharing a group. Calls may hit the store
/// and throw <see cref="Store.ChatStoreException"/>; they run only on presence changes and logins, never per datagram.
/// </summary>
public interface IPresenceAudience
{
    /// <summary>The users who get pushes about <paramref name="user"/>'s presence.</summary>
    IReadOnlyCollection<string> WatchersOf(string user);

    /// <summary>The users whose presence <paramref name="user"/> gets at login (the inverse of <see cref="WatchersOf"/>).</summary>
    IReadOnlyCollection<string> WatchedBy(string user);
}
