using Terminal.Gui.Input;

namespace UdpSuite.Tui.Views;

/// <summary>
/// Every key the client knows, in one place: the help panel lists <see cref="All"/>, the status bar shows the first
/// ones, and the key tests below are what the views and the window check against, so a key listed here is the key
/// that works.
/// </summary>
internal static class KeyMap
{
    public static readonly IReadOnlyList<(string Keys, string Action)> All =
    [
        ("F1", "help (this list)"),
        ("F9", "open the menu (arrows move, Enter chooses, Esc closes); every action is there"),
        ("Ctrl+Q", "quit"),
        ("Ctrl+T", "time panel beside the conversation: reply to the default or last-used format"),
        ("Ctrl+F", "search the local history (Enter on a result opens its conversation there)"),
        ("Ctrl+N / Ctrl+P", "next / previous contact"),
        ("Ctrl+K", "filter contacts (type to narrow the list)"),
        ("F6", "show / hide the contacts (hidden by itself below 70 columns)"),
        ("Tab / Shift+Tab", "move between contacts, filter, conversation and input"),
        ("Up / Down", "contacts list: choose a contact; input: earlier / later sent messages (also from before this start)"),
        ("PageUp / PageDown", "scroll the conversation (also the mouse wheel); older messages load at the top"),
        ("Ctrl+End", "back to the newest message (clears the \"n new\" marker)"),
        ("Enter", "send the message"),
        ("Alt+Enter / Ctrl+J", "new line in the message (multi-line)"),
        ("Paste", "pasted text arrives whole, line breaks included (bracketed paste)"),
        ("Ctrl+Y", "copy the selected message's text (the newest when none is selected)"),
        ("Ctrl+R", "retry failed messages in this conversation that can still go (not an unknown account)"),
        ("F2", "my presence (online, away, invisible) and status text"),
        ("F3", "add a contact (saved in contacts.json)"),
        ("F4", "members of the selected group"),
        ("Ctrl+G", "new group (optional invite code); Groups menu: join, rename, leave"),
        ("Esc", "close the time, search or help panel"),
        ("Time panel: Enter", "ask the time server (format field, preset or zone list)"),
        ("Time panel: F5", "SNTP query: offset, delay, stratum"),
        ("Mouse", "click a contact, a menu, a list entry or a button; wheel scrolls"),
    ];

    /// <summary>Alt+Enter however it arrives (ESC CR rewritten by the input, or Ctrl+Alt+M when ESC and CR came apart), and Ctrl+J.</summary>
    public static bool IsNewLine(Key key) =>
        key == Key.Enter.WithAlt || key == Key.M.WithCtrl.WithAlt || key == Key.J.WithCtrl || key == Key.J.WithCtrl.WithAlt;

    /// <summary>Scrolls the conversation from anywhere in the main window.</summary>
    public static bool IsScroll(Key key) => key == Key.PageUp || key == Key.PageDown;

    public static readonly Key Newest = Key.End.WithCtrl;

    public static readonly Key Copy = Key.Y.WithCtrl;

    public static readonly Key ToggleContacts = Key.F6;

    public static readonly Key Menu = Key.F9;
}
