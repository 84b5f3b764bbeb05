using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui;

// Unread messages outside the view: the bell, the terminal's window title "(3) UdpSuite", and where switched on a
// desktop notification (OSC 777 or OSC 9, which terminals that do not know them ignore).
internal sealed partial class ChatWindow
{
    /// <summary>The window title with no unread messages.</summary>
    public const string AppTitle = "UdpSuite";

    /// <summary>XTWINOPS 22;0 / 23;0: save the terminal's own title on its title stack, and put it back (xterm, VTE, kitty, WezTerm, foot; others ignore them).</summary>
    private const string SaveTitle = "\u001b[22;0t";
    private const string RestoreTitle = "\u001b[23;0t";

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
            if (_terminalTitle is null)
            {
                _options.WriteTerminal(SaveTitle); // the user's title comes back at exit
            }

            _terminalTitle = title;
            _options.WriteTerminal($"\u001b]2;{title}\a");
        }
    }

    /// <summary>At exit: the title the terminal had before the client set its own.</summary>
    private void RestoreTerminalTitle()
    {
        if (_terminalTitle is not null)
        {
            _options.WriteTerminal(RestoreTitle);
            _terminalTitle = null;
        }
    }

    private static string Clean(string text) => new([.. text.Where(c => !char.IsControl(c) && c != ';')]);
}
