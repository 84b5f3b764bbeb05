using UdpSuite.Client.AddressBook;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.Views;

namespace UdpSuite.Tui;

// The contacts list (address book, strangers who wrote, presence) and the selected conversation.
internal sealed partial class ChatWindow
{
    private void AddressBookChanged()
    {
        LiveAddressBook addressBook = _options.AddressBook;
        AddressBookDocument current = addressBook.Current;
        Contacts.Show([.. current.Contacts.Where(c => c.Account != _session.UserName), .. _strangers], current.Groups, _book.Unread, PresenceOf);
        _session.Watch([.. current.Contacts.Select(c => c.Account).Where(a => a != _session.UserName).Distinct(StringComparer.Ordinal)]);
        TimePanel.UseSettings(current.Time);
        UpdateBanner();
    }

    /// <summary>What the session last said about <paramref name="account"/>; null when nothing yet.</summary>
    public PresenceState? PresenceOf(string account) => _presence.TryGetValue(account, out ContactPresence? known) ? known.State : null;

    private void PresenceChanged(ContactPresence update)
    {
        if (_presence.TryGetValue(update.User, out ContactPresence? known) && known.Version > update.Version)
        {
            return; // the snapshot was newer than a report raised before it was taken
        }

        _presence[update.User] = update;
        Contacts.Refresh();
        if (SelectedContact is { } contact && contact.Account == update.User)
        {
            Conversation.Title = ConversationTitle(contact);
        }
    }

    private Contact? SelectedContact => Contacts.Selected;

    private void ShowConversation()
    {
        if (SelectedContact is not { } contact)
        {
            Conversation.Show("Conversation", []);
            Compose.Title = "Message";
            return;
        }

        _book.MarkSeen(contact.Account);
        IReadOnlyList<ConversationMessage> messages = _book.With(contact.Account);
        foreach (ConversationMessage message in messages.Where(m => !m.Outgoing && m.State != DeliveryState.Read))
        {
            message.State = DeliveryState.Read;
            _ = _session.MarkReadAsync(message.Id);
        }

        Conversation.Show(ConversationTitle(contact), messages);
        Compose.Title = $"Message to {contact.DisplayName} (Enter sends, Alt+Enter new line)";
        Contacts.Refresh();
    }

    /// <summary>"瞎驴 (note) ◐ away: 开会": the name, the address book's note, and presence when known.</summary>
    private string ConversationTitle(Contact contact)
    {
        string note = contact.Note.Length > 0 ? $" ({contact.Note})" : string.Empty;
        if (!_presence.TryGetValue(contact.Account, out ContactPresence? known))
        {
            return contact.DisplayName + note;
        }

        string status = string.IsNullOrWhiteSpace(known.Status) ? string.Empty : ": " + known.Status.Trim();
        return $"{contact.DisplayName}{note} {ContactEntry.Marker(known.State)} {known.State.ToString().ToLowerInvariant()}{status}";
    }
}
