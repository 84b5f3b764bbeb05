using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui.Views;

/// <summary>
/// One conversation the contacts list offers: a person (from the address book, the server-side contacts, a group, or
/// the history) or a group. <see cref="Section"/> is the heading it is listed under.
/// </summary>
internal sealed record SidebarItem(ConversationId Id, string DisplayName, string Note, string Section)
{
    /// <summary>The heading of the server groups, listed first.</summary>
    public const string GroupSection = "Group chats";

    /// <summary>The heading of the people in no address-book group.</summary>
    public const string ContactsSection = "Contacts";

    /// <summary>The account, or the group's name.</summary>
    public string Account => Id.Name;

    public bool IsGroup => Id.IsGroup;

    /// <summary>True when the server said this account does not exist.</summary>
    public bool Unknown { get; init; }

    /// <summary>True when the address book (contacts.json) lists it.</summary>
    public bool InAddressBook { get; init; }
}
