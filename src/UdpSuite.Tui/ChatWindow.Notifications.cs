using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui;

// Unread messages outside the view: the bell, the terminal's window title "(3) UdpSuite", and where switched on a
// desktop notification (OSC 777 or OSC 9, which terminals that do not know them ignore).
internal sealed partial class ChatWindow
{
    /// <summary>The window title with no unread messages.</summary>
    public const string AppTitle = "UdpSuite";

    private string? _terminalTitle;

    /// <summary>The title last written to the terminal.</summary>
    public string? TerminalTitle => _terminalTitle;

    /// <summary>A message arrived for a conversation not in view.</summary>
    private void NotifyUnseen(ConversationMessage message)
    {
        _options.Bell();
        UpdateTerminalTitle();
        string body = message.Text.Replace('\n', ' ');
        body = body.Length > 200 ? body[..200] + "…" : body;
        string? notification = _options.DesktopNotifications switch
        {
            // Neither carries a control character: they would end the sequence early.
            DesktopNotificationStyle.Osc777 => $"\u001b]777;notify;{Clean(message.Sender)};{Clean(body)}\a",
            DesktopNotificationStyle.Osc9 => $"\u001b]9;{Clean(message.Sender)}: {Clean(body)}\a",
            _ => null,
        };
        if (notification is not null)
        {
            _options.WriteTerminal(notification);
        }
    }

    /// <summary>"(n) UdpSuite" while n messages are unread, "UdpSuite" otherwise; written only when it changes.</summary>
    private void UpdateTerminalTitle()
    {
        int unread = _book.TotalUnread;
        string title = unread > 0 ? $"({unread}) {AppTitle}" : AppTitle;
        if (title != _terminalTitle)
        {
            _terminalTitle = title;
            _options.WriteTerminal($"\u001b]2;{title}\a");
        }
    }

    private static string Clean(string text) => new([.. text.Where(c => !char.IsControl(c) && c != ';')]);
}
