using NodaTime;

namespace UdpSuite.Server.Chat.Store;

/// <summary>
/// Server-side contacts: for each user, the accounts whose presence that user follows. Durable (the relay tells the
/// client "done" only after the store returned). Kept apart from <see cref="IChatStore"/> so a store engine can add it
/// on its own; <see cref="SqliteChatStore"/> implements both. Same threading rule: one caller at a time.
/// </summary>
internal interface IContactStore
{
    /// <summary>Adds <paramref name="contact"/> to <paramref name="owner"/>'s contacts; false when it was there already.</summary>
    bool AddContact(string owner, string contact, Instant addedAt);

    /// <summary>Removes <paramref name="contact"/> from <paramref name="owner"/>'s contacts; false when it was not there.</summary>
    bool RemoveContact(string owner, string contact);

    /// <summary><paramref name="owner"/>'s contacts, sorted by name (ordinal).</summary>
    IReadOnlyList<string> Contacts(string owner);

    /// <summary>How many contacts <paramref name="owner"/> has.</summary>
    int ContactCount(string owner);

    /// <summary>The users who have <paramref name="contact"/> among their contacts.</summary>
    IReadOnlyList<string> ContactOwners(string contact);
}
