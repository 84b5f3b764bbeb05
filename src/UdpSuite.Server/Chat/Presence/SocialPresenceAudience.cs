using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Presence;

/// <summary>
/// The relay's presence audience: X's watchers are the users who have X as a server-side contact and the users who
/// share a group with X (each once); X sees the same people at login. It reads the store: the relay core never calls it,
/// its audience items run it on the store worker.
/// </summary>
internal sealed class SocialPresenceAudience(IContactStore contacts, IGroupStore groups) : IPresenceAudience
{
    /// <summary>The audience of <paramref name="store"/>'s contacts (none when it keeps none) and groups.</summary>
    public static SocialPresenceAudience Of(IChatStore store) => new(store as IContactStore ?? NoContactStore.Instance, store);

    public IReadOnlyCollection<string> WatchersOf(string user) => Union(contacts.ContactOwners(user), groups.GroupPeers(user));

    public IReadOnlyCollection<string> WatchedBy(string user) => Union(contacts.Contacts(user), groups.GroupPeers(user));

    private static HashSet<string> Union(IEnumerable<string> first, IEnumerable<string> second)
    {
        var all = new HashSet<string>(first, StringComparer.Ordinal);
        all.UnionWith(second);
        return all;
    }
}
