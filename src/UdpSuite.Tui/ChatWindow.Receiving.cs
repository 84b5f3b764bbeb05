using UdpSuite.Client.AddressBook;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui;

// Messages received: shown, stored, then confirmed to the session.
internal sealed partial class ChatWindow
{
    /// <summary>Shows and stores a received message, then confirms it: only a stored message counts as delivered.</summary>
    private void Receive(IncomingMessage received)
    {
        Contact? sender = _options.AddressBook.Current.Find(received.From) ?? _strangers.Find(c => c.Account == received.From);
        if (sender is null)
        {
            sender = new Contact(received.From, received.From, "not in contacts.json");
            _strangers.Add(sender);
            AddressBookChanged();
        }

        bool onScreen = SelectedContact?.Account == received.From && Conversation.Visible;
        var message = new ConversationMessage(received.Id, received.From, sender.DisplayName, received.Text, received.SentAt, outgoing: false, onScreen ? DeliveryState.Read : DeliveryState.Delivered);
        bool added = _book.Add(message, unread: !onScreen);
        _session.Confirm(received); // stored now (or already, when the server delivered it again)
        if (!added)
        {
            return;
        }

        if (onScreen)
        {
            _ = _session.MarkReadAsync(received.Id);
            Conversation.Render();
        }
        else
        {
            NotifyUnseen(message);
            Contacts.Refresh();
        }
    }
}
