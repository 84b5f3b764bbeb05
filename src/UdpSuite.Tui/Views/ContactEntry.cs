using UdpSuite.Client.AddressBook;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Views;

/// <summary>
/// One row of the contacts list: a group heading (no <see cref="Contact"/>) or a contact with its presence marker
/// (<see cref="Marker"/>) and unread count.
/// </summary>
internal sealed record ContactEntry(string Text, Contact? Contact)
{
    public const string UnknownPresence = "·";
    public const string OnlinePresence = "●";
    public const string AwayPresence = "◐";
    public const string OfflinePresence = "○";

    public static ContactEntry Heading(string name) => new($"[{name}]", null);

    /// <summary>A contact's row; <paramref name="presence"/> null means the server has not reported on it (yet).</summary>
    public static ContactEntry For(Contact contact, int unread, PresenceState? presence = null) =>
        new($" {Marker(presence)} {contact.DisplayName}{(unread > 0 ? $" ({unread})" : string.Empty)}", contact);

    /// <summary>● online, ◐ away, ○ offline, · not known.</summary>
    public static string Marker(PresenceState? presence) => presence switch
    {
        PresenceState.Online => OnlinePresence,
        PresenceState.Away => AwayPresence,
        PresenceState.Offline => OfflinePresence,
        _ => UnknownPresence,
    };

    public override string ToString() => Text;
}
