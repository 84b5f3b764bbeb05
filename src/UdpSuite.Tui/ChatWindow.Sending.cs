using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.Views;

namespace UdpSuite.Tui;

// Messages typed here: stored (unsent) first, then handed to the session; their delivery states; retrying failed ones.
internal sealed partial class ChatWindow
{
    private void SendToSelected(string text)
    {
        if (SelectedContact is not { } contact)
        {
            Banner.ShowAlert("choose a contact first (Ctrl+N or the contacts list)");
            return;
        }

        // Stored first (unsent), then handed over: a crash in between leaves it to be sent at the next start.
        var message = new ConversationMessage(Guid.NewGuid(), contact.Account, _session.UserName, text, _options.Clock.GetLocalNow(), outgoing: true, DeliveryState.Sending, contact.IsGroup)
        {
            Queued = !_session.IsConnected,
        };
        _book.Add(message, unread: false);
        HandOver(message);
        UpdateBanner();
        Conversation.Render();
        Conversation.ScrollToNewest(); // one's own message brings the view back to the newest
        Contacts.Refresh(); // last activity
    }

    /// <summary>At start: the messages stored unsent by an earlier run go out again, in order, under their ids (the server stores each once).</summary>
    private void ResendUnsent()
    {
        foreach (ConversationMessage message in _book.Unsent())
        {
            message.Queued = !_session.IsConnected;
            HandOver(message);
        }
    }

    private void HandOver(ConversationMessage message)
    {
        try
        {
            OutgoingMessage sent = message.IsGroup
                ? _session.SendToGroup(message.Id, message.Peer, message.Text)
                : _session.Send(message.Id, message.Peer, message.Text);
            if (sent.State != DeliveryState.Sending)
            {
                Deliver(sent);
            }
        }
        catch (ChatException ex)
        {
            message.FailureCode = ex.Code;
            message.FailureReason = ex.Message;
            _book.Update(message.Id, DeliveryState.Failed);
            Banner.ShowAlert($"not sent: {DeliveryFailure.Describe(message)}");
        }
    }

    private void Deliver(OutgoingMessage update)
    {
        if (_book.Update(update) is { } message && message.Conversation == SelectedContact?.Id)
        {
            Conversation.Render();
        }

        if (!_session.IsConnected)
        {
            UpdateBanner(); // the count of queued messages
        }
    }

    private void RetryFailed()
    {
        if (SelectedContact is not { } contact)
        {
            return;
        }

        List<ConversationMessage> failed = [.. _book.With(contact.Id).Where(m => m.Outgoing && m.State == DeliveryState.Failed)];
        List<ConversationMessage> retryable = [.. failed.Where(DeliveryFailure.CanRetry)];
        foreach (ConversationMessage message in retryable)
        {
            _book.Remove(message.Id);
            SendToSelected(message.Text);
        }

        if (retryable.Count < failed.Count)
        {
            // Sending those again would fail the same way: say why instead.
            Banner.ShowAlert($"not retried: {DeliveryFailure.Describe(failed.First(m => !DeliveryFailure.CanRetry(m)))}");
        }

        Conversation.Render();
    }
}
