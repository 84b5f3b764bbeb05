using System.Text;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.Views;

namespace UdpSuite.Tui;

// The menu and the global keys (seen before any view, so a text field cannot swallow them), pastes, copying, quitting.
// The keys themselves are listed in Views/KeyMap.cs.
internal sealed partial class ChatWindow
{
    private MenuBar CreateMenu() => new(
    [
        new MenuBarItem("_File", [new MenuItem("_Quit", Key.Q.WithCtrl, Quit)]),
        new MenuBarItem("_Chat",
        [
            new MenuItem("_Next contact", Key.N.WithCtrl, () => Contacts.Step(1)),
            new MenuItem("_Previous contact", Key.P.WithCtrl, () => Contacts.Step(-1)),
            new MenuItem("_Filter contacts", Key.K.WithCtrl, () => Contacts.Filter.SetFocus()),
            new MenuItem("Show/hide _contacts", KeyMap.ToggleContacts, ToggleContacts),
            new MenuItem("_Retry failed", Key.R.WithCtrl, RetryFailed),
            new MenuItem("C_opy message", KeyMap.Copy, CopyMessage),
            new MenuItem("Ne_west message", KeyMap.Newest, () => Conversation.ScrollToNewest()),
            new MenuItem("_Search history", Key.F.WithCtrl, ShowSearch),
        ]),
        new MenuBarItem("_Time", [new MenuItem("_Time panel", Key.T.WithCtrl, () => _ = ShowTime())]),
        new MenuBarItem("_Help", [new MenuItem("_Keys", Key.F1, ShowHelp)]),
    ]);

    /// <summary>Hooks what needs the application: pastes (see <see cref="OnPaste"/>).</summary>
    private void AttachInput(IApplication app) => app.Paste += OnPaste;

    private void DetachInput(IApplication app) => app.Paste -= OnPaste;

    private void OnGlobalKey(object? sender, Key key)
    {
        // Only for the main window: a modal dialog on top keeps its own keys.
        if (App?.TopRunnableView != this)
        {
            return;
        }

        Action? action = null;
        if (key == Key.Q.WithCtrl)
        {
            action = Quit;
        }
        else if (key == Key.T.WithCtrl)
        {
            action = () => _ = ShowTime();
        }
        else if (key == Key.F.WithCtrl)
        {
            action = ShowSearch;
        }
        else if (key == Key.F1)
        {
            action = ShowHelp;
        }
        else if (key == KeyMap.Menu)
        {
            action = OpenMenu;
        }
        else if (key == Key.N.WithCtrl)
        {
            action = () => Contacts.Step(1);
        }
        else if (key == Key.P.WithCtrl)
        {
            action = () => Contacts.Step(-1);
        }
        else if (key == Key.K.WithCtrl)
        {
            action = () => Contacts.Filter.SetFocus();
        }
        else if (key == Key.R.WithCtrl)
        {
            action = RetryFailed;
        }
        else if (key == KeyMap.Copy)
        {
            action = CopyMessage;
        }
        else if (key == KeyMap.Newest)
        {
            action = Conversation.ScrollToNewest;
        }
        else if (key == KeyMap.ToggleContacts)
        {
            action = ToggleContacts;
        }
        else if (KeyMap.IsScroll(key) && Conversation.Visible && Compose.Input.HasFocus)
        {
            // From the input line: the field has no use for them, the reader has.
            action = () => Conversation.ScrollPages(key == Key.PageUp ? -1 : 1);
        }
        else if (key == Key.Esc && !Menu.IsOpen())
        {
            // Esc closes a panel; it must not quit the whole client (Terminal.Gui's default).
            action = ClosePanels;
        }

        if (action is not null)
        {
            key.Handled = true;
            action();
        }
    }

    /// <summary>
    /// F9: opens the first menu with the keyboard in it, as Alt+F does (Terminal.Gui 2.5's own F9 only highlights the
    /// bar); Left and Right move between menus, Enter chooses, Esc closes.
    /// </summary>
    private void OpenMenu()
    {
        if (Menu.SubViews.OfType<MenuBarItem>().FirstOrDefault() is { } first)
        {
            first.InvokeCommand(Command.Activate);
        }
    }

    /// <summary>
    /// A bracketed paste, routed to the view that has the keyboard. Terminal.Gui 2.5.0 hands it to the window's focused
    /// subview (here the frame around the input line, which ignores it), so a paste showed nothing at all. The input
    /// line takes it whole, line breaks included; another text field takes its first line.
    /// </summary>
    private void OnPaste(object? sender, PasteEventArgs e)
    {
        if (App?.TopRunnableView != this)
        {
            return; // a dialog's field: the library's own handling
        }

        View? target = MostFocused;
        if (target == Compose.Input)
        {
            e.Handled = true;
            Compose.Paste(e.Text);
        }
        else if (target is TextField field)
        {
            e.Handled = true;
            string firstLine = e.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r')[0];
            field.InsertText(new string([.. firstLine.Where(c => !char.IsControl(c))]));
        }
    }

    /// <summary>Ctrl+Y: the chosen message's text to the clipboard, and to the terminal's (OSC 52) for terminals without one here.</summary>
    private void CopyMessage()
    {
        if (Conversation.ChosenMessage() is not ConversationMessage message)
        {
            Banner.ShowAlert("nothing to copy: the conversation is empty");
            return;
        }

        App?.Clipboard?.TrySetClipboardData(message.Text);
        _options.WriteTerminal($"\u001b]52;c;{Convert.ToBase64String(Encoding.UTF8.GetBytes(message.Text))}\a");
        Banner.ShowInfo($"copied the message of {message.Sender} ({message.Text.Length} characters)");
    }

    /// <summary>Quits; with messages the server has not stored yet, asks first (they are kept and sent at the next start).</summary>
    private void Quit()
    {
        int unsent = _book.Unsent().Count;
        if (unsent > 0 && App is { } app)
        {
            string what = unsent == 1 ? "1 message is" : $"{unsent} messages are";
            int? choice = MessageBox.Query(
                app, "Unsent messages", $"{what} not sent yet. They are kept and sent the next time udpsuite chat starts.\nQuit anyway?", "_Quit", "_Stay");
            if (choice != 0)
            {
                return;
            }
        }

        App?.RequestStop();
    }
}
