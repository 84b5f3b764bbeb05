using System.Collections.ObjectModel;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Tui.Text;

namespace UdpSuite.Tui.Views;

/// <summary>
/// F1: every key of <see cref="KeyMap"/>, scrollable, over the conversation. Each description wraps under its own
/// column at the panel's width (re-wrapped when the terminal is resized), so nothing is cut at 80 columns.
/// </summary>
internal sealed class HelpPanel : FrameView
{
    private int _wrappedFor = -1;

    public HelpPanel()
    {
        Title = "Help: keys (Esc closes)";
        CanFocus = true;
        List = new ListView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill() };
        Add(List);
        SubViewsLaidOut += (_, _) => Rewrap(List.Viewport.Width);
        Rewrap(80);
    }

    public ListView List { get; }

    /// <summary>The help as lines of at most <paramref name="width"/> columns: keys, then the action wrapped beside them.</summary>
    public static IReadOnlyList<string> Lines(int width)
    {
        int keyWidth = KeyMap.All.Max(k => k.Keys.Length) + 2;
        int textWidth = Math.Max(10, width - keyWidth);
        var lines = new List<string>();
        foreach ((string keys, string action) in KeyMap.All)
        {
            IReadOnlyList<string> wrapped = TextWrapper.Wrap(action, textWidth);
            for (int i = 0; i < wrapped.Count; i++)
            {
                lines.Add((i == 0 ? keys : string.Empty).PadRight(keyWidth) + wrapped[i]);
            }
        }

        lines.Add(string.Empty);
        foreach (string note in Notes())
        {
            lines.AddRange(TextWrapper.Wrap(note, Math.Max(10, width)));
        }

        return lines;
    }

    private static IEnumerable<string> Notes() =>
    [
        $"Contacts: {ContactEntry.OnlinePresence} online, {ContactEntry.AwayPresence} away, {ContactEntry.OfflinePresence} offline, {ContactEntry.UnknownPresence} not known.",
        $"Status marks: [queued] [sending] {StatusMarks.Sent}, {StatusMarks.Delivered}, {StatusMarks.Read}, [failed: the reason].",
        "Scrolled back, \"▼ n new\" counts what arrived below; Ctrl+End goes there.",
    ];

    private void Rewrap(int width)
    {
        if (width <= 0 || width == _wrappedFor)
        {
            return;
        }

        _wrappedFor = width;
        List.SetSource(new ObservableCollection<string>(Lines(width)));
    }
}
