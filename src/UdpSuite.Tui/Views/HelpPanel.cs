using System.Collections.ObjectModel;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace UdpSuite.Tui.Views;

/// <summary>F1: every key of <see cref="KeyMap"/>, scrollable, over the conversation.</summary>
internal sealed class HelpPanel : FrameView
{
    public HelpPanel()
    {
        Title = "Help: keys (Esc closes)";
        CanFocus = true;
        int keyWidth = KeyMap.All.Max(k => k.Keys.Length) + 2;
        var lines = new ObservableCollection<string>(KeyMap.All.Select(k => k.Keys.PadRight(keyWidth) + k.Action));
        lines.Add(string.Empty);
        lines.Add($"Contacts: {ContactEntry.OnlinePresence} online, {ContactEntry.AwayPresence} away, {ContactEntry.OfflinePresence} offline, {ContactEntry.UnknownPresence} not known.");
        lines.Add($"Status marks: [queued] [sending] {StatusMarks.Sent}, {StatusMarks.Delivered}, {StatusMarks.Read}, [failed: the reason].");
        lines.Add("Scrolled back, \"▼ n new\" counts what arrived below; Ctrl+End goes there.");
        List = new ListView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill() };
        List.SetSource(lines);
        Add(List);
    }

    public ListView List { get; }
}
