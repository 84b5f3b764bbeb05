using Terminal.Gui.Input;
using Terminal.Gui.Views;

namespace UdpSuite.Tui;

// The menu and the global keys (seen before any view, so a text field cannot swallow them), and quitting.
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
            new MenuItem("_Retry failed", Key.R.WithCtrl, RetryFailed),
            new MenuItem("_Search history", Key.F.WithCtrl, ShowSearch),
        ]),
        new MenuBarItem("_Time", [new MenuItem("_Time panel", Key.T.WithCtrl, () => _ = ShowTime())]),
        new MenuBarItem("_Help", [new MenuItem("_Keys", Key.F1, ShowHelp)]),
    ]);

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
        else if (key == Key.Esc)
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
