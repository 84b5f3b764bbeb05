using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui;

// History on a new device: the first time a conversation opens in a run, the newest page the server keeps of it is
// fetched and merged into the local history by message id (nothing shown twice), each message in its place by time.
// A device that already had them merges nothing; an unreachable server leaves the local history as it is.
internal sealed partial class ChatWindow
{
    /// <summary>Entries fetched when a conversation first opens (the server's page limit is 100).</summary>
    public const int ServerHistoryPage = 50;

    private readonly HashSet<ConversationId> _serverHistoryAsked = [];

    private void FetchServerHistory(ConversationId conversation)
    {
        if (!_session.IsConnected || !_serverHistoryAsked.Add(conversation))
        {
            return;
        }

        _ = FetchServerHistoryAsync(conversation);
    }

    private async Task FetchServerHistoryAsync(ConversationId conversation)
    {
        HistoryPage page;
        try
        {
            page = await _session.HistoryAsync(conversation.Name, conversation.IsGroup, ServerHistoryPage).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChatException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or TimeoutException)
        {
            RunOnUi(() => _serverHistoryAsked.Remove(conversation)); // asked again the next time it opens
            return;
        }

        RunOnUi(() => MergeServerHistory(conversation, page));
    }

    private void MergeServerHistory(ConversationId conversation, HistoryPage page)
    {
        int added = 0;
        foreach (HistoryEntry entry in page.Entries)
        {
            string sender = entry.Outgoing ? _session.UserName : _options.AddressBook.Current.Find(entry.From)?.DisplayName ?? entry.From;
            var message = new ConversationMessage(
                entry.MessageId, conversation.Name, sender, entry.Text, DateTimeOffset.FromUnixTimeMilliseconds(entry.SentAtUnixMilliseconds),
                entry.Outgoing, entry.Outgoing ? entry.State : DeliveryState.Read, conversation.IsGroup);
            added += _book.AddFromServer(message) ? 1 : 0;
        }

        if (added > 0 && SelectedContact?.Id == conversation && Conversation.Visible)
        {
            Conversation.Show(ConversationTitle(SelectedContact), _book.With(conversation));
        }
    }
}
