using NodaTime;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Presence;

/// <summary>Stands in when the chat store keeps no contacts: nobody watches anybody, and adding a contact reports the store unavailable.</summary>
internal sealed class NoContactStore : IContactStore
{
    public static readonly NoContactStore Instance = new();

    public bool AddContact(string owner, string contact, Instant addedAt) => throw new ChatStoreException("this chat store keeps no contacts");

    public bool RemoveContact(string owner, string contact) => false;

    public IReadOnlyList<string> Contacts(string owner) => [];

    public int ContactCount(string owner) => 0;

    public IReadOnlyList<string> ContactOwners(string contact) => [];
}
