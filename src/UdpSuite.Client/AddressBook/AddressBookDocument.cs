namespace UdpSuite.Client.AddressBook;

/// <summary>
/// One successfully read <c>contacts.json</c>: who I am, the servers, contacts (sorted by display name),
/// groups and time presets. Immutable, so a reload swaps the whole value.
/// </summary>
public sealed record AddressBookDocument(
    string SourcePath,
    string? MyUser,
    ServerSettings Servers,
    IReadOnlyList<Contact> Contacts,
    IReadOnlyList<ContactGroup> Groups,
    TimeSettings Time)
{
    /// <summary>An empty book (no file read yet, or none could be read).</summary>
    public static AddressBookDocument Empty(string sourcePath) => new(
        sourcePath,
        null,
        new ServerSettings(null, null, null),
        [],
        [],
        new TimeSettings(TimeSettings.ProtocolDefaultFormat, [TimeSettings.ProtocolDefaultFormat], []));

    /// <summary>The contact with display name or account <paramref name="name"/> (display name wins), or null.</summary>
    public Contact? Find(string name) =>
        Contacts.FirstOrDefault(c => string.Equals(c.DisplayName, name, StringComparison.Ordinal))
        ?? Contacts.FirstOrDefault(c => string.Equals(c.Account, name, StringComparison.Ordinal));
}
