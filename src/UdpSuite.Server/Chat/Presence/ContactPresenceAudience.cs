using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Presence;

/// <summary>The presence audience of server-side contacts: X's watchers are the users who have X as a contact.</summary>
internal sealed class ContactPresenceAudience(IContactStore contacts) : IPresenceAudience
{
    public IReadOnlyCollection<string> WatchersOf(string user) => contacts.ContactOwners(user);

    public IReadOnlyCollection<string> WatchedBy(string user) => contacts.Contacts(user);
}
