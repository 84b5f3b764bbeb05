using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui;

// Messages received: shown, stored, then confirmed to the session.
internal sealed partial class ChatWindow
{
    /// <summary>
    /// Shows and stores a received message, then confirms it: only a stored message counts as delivered. A group message
    /// goes to its group's conversation (a reply goes to the group), under the name of its sender.
    /// </summary>
    private void Receive(IncomingMessage received)
    {
        if (received.IsOutgoing)
        {
            ReceiveCopy(received);
            return;
        }

        ConversationId conversation = received.Group is { } group ? ConversationId.Group(group) : ConversationId.Person(received.From);
        string sender = _options.AddressBook.Current.Find(received.From)?.DisplayName ?? received.From;
        bool listed = _book.With(conversation).Count > 0 || Contacts.Entries.Any(e => e.Item?.Id == conversation);
        bool onScreen = SelectedContact?.Id == conversation && Conversation.Visible;
        var message = new ConversationMessage(received.Id, conversation.Name, sender, received.Text, received.SentAt, outgoing: false, onScreen ? DeliveryState.Read : DeliveryState.Delivered, conversation.IsGroup);
        bool added = _book.Add(message, unread: !onScreen);
        _session.Confirm(received); // stored now (or already, when the server delivered it again)
        if (!added)
        {
            return;
        }

        if (!listed)
        {
            RebuildSidebar(); // someone new wrote, or a group this list did not show yet
        }

        if (received.Group is { } inGroup && !(_groupMembers.TryGetValue(inGroup, out IReadOnlyList<GroupMember>? members) && members.Any(m => m.Name == received.From)))
        {
            RefreshFromServer(); // a member who joined since the list was read: the group's count and the co-members follow
        }

        if (onScreen)
        {
            _ = _session.MarkReadAsync(received.Id);
            Conversation.Render();
            Contacts.Refresh(); // last activity
        }
        else
        {
            NotifyUnseen(message);
            Contacts.Refresh();
        }
    }

    /// <summary>
    /// The copy of a message this user sent from another session (a one-shot <c>send</c>, another machine): shown as
    /// outgoing in the conversation with its recipient, already sent; never unread, never a read receipt.
    /// </summary>
    private void ReceiveCopy(IncomingMessage copy)
    {
        ConversationId conversation = copy.Group is { } group ? ConversationId.Group(group) : ConversationId.Person(copy.To);
        var message = new ConversationMessage(copy.Id, conversation.Name, _session.UserName, copy.Text, copy.SentAt, outgoing: true, DeliveryState.Sent, conversation.IsGroup);
        bool listed = _book.With(conversation).Count > 0 || Contacts.Entries.Any(e => e.Item?.Id == conversation);
        bool added = _book.Add(message, unread: false);
        _session.Confirm(copy);
        if (!added)
        {
            return;
        }

        if (!listed)
        {
            RebuildSidebar();
        }

        if (SelectedContact?.Id == conversation && Conversation.Visible)
        {
            Conversation.Render();
        }

        Contacts.Refresh();
    }

    /// <summary>READ_SYNC: the message was read on another device of this user; its unread mark (and the title's count) clears.</summary>
    private void ReadOnOtherDevice(Guid id)
    {
        if (_book.MarkReadElsewhere(id))
        {
            Contacts.Refresh();
            UpdateTerminalTitle();
        }
    }
}
