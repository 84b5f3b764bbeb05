using UdpSuite.Client.AddressBook;

namespace UdpSuite.Tui.Views;

/// <summary>
/// One row of the contacts list: a group heading (no <see cref="Contact"/>) or a contact with its presence marker and
/// unread count. The presence marker is "·" (unknown) for everyone: the chat server does not report presence.
/// </summary>
public sealed record ContactEntry(string Text, Contact? Contact)
{
    public const string UnknownPresence = "·";

    public static ContactEntry Heading(string name) => new($"[{name}]", null);

    public static ContactEntry For(Contact contact, int unread) =>
        new($" {UnknownPresence} {contact.DisplayName}{(unread > 0 ? $" ({unread})" : string.Empty)}", contact);

    public override string ToString() => Text;
}
