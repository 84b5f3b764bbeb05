namespace UdpSuite.Tui.Views;

/// <summary>Every key the client knows, in one place: the help panel lists these and the status bar shows the first ones.</summary>
internal static class KeyMap
{
    public static readonly IReadOnlyList<(string Keys, string Action)> All =
    [
        ("F1", "help (this list)"),
        ("Ctrl+Q", "quit"),
        ("Ctrl+T", "time panel: reply to the default or last-used format"),
        ("Ctrl+F", "search the local history"),
        ("Ctrl+N / Ctrl+P", "next / previous contact"),
        ("Ctrl+K", "filter contacts (type to narrow the list)"),
        ("Tab / Shift+Tab", "move between contacts, filter, conversation and input"),
        ("Up / Down", "choose a contact (in the contacts list)"),
        ("PageUp / PageDown", "scroll the conversation"),
        ("Enter", "send the message"),
        ("Alt+Enter", "new line in the message (multi-line)"),
        ("Ctrl+R", "retry failed messages in this conversation"),
        ("F2", "my presence (online, away, invisible) and status text"),
        ("F3", "add a contact (saved in contacts.json)"),
        ("F4", "members of the selected group"),
        ("Ctrl+G", "new group (optional invite code); Groups menu: join, rename, leave"),
        ("F9", "menu"),
        ("Esc", "close the time, search or help panel"),
        ("Time panel: Enter", "ask the time server (format field, preset or zone list)"),
        ("Time panel: F5", "SNTP query: offset, delay, stratum"),
        ("Mouse", "click a contact, a menu, a list entry or a button"),
    ];
}
