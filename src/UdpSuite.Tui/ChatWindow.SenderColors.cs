using System.Text.RegularExpressions;
using Terminal.Gui.Drawing;
using Terminal.Gui.Views;
using UdpSuite.Tui.Views;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace UdpSuite.Tui;

// In a group conversation each sender's heading line ("瞎驴 14:05 ...") is drawn in that sender's colour
// (SenderColors), so who said what is seen at a glance; not with NO_COLOR, and not on the highlighted row.
internal sealed partial class ChatWindow
{
    private static readonly bool NoColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    private void ColourSenders(object? sender, ListViewRowEventArgs e)
    {
        if (NoColor || SelectedContact is not { IsGroup: true } group || e.Row == Conversation.Lines.SelectedItem || e.Row >= Conversation.ShownLines.Count)
        {
            return;
        }

        string line = Conversation.ShownLines[e.Row];
        if (line.StartsWith(' ') || !HeadingTime().IsMatch(line))
        {
            return; // message text is indented; only headings carry a sender
        }

        string? writer = _book.With(group.Id).Select(m => m.Sender).Distinct(StringComparer.Ordinal)
            .Where(s => line.StartsWith(s + " ", StringComparison.Ordinal)).MaxBy(s => s.Length);
        if (writer is not null)
        {
            Attribute normal = Conversation.Lines.GetAttributeForRole(VisualRole.Normal);
            e.RowAttribute = new Attribute(SenderColors.For(writer), normal.Background);
        }
    }

    [GeneratedRegex(@" \d\d:\d\d( |$)")]
    private static partial Regex HeadingTime();
}
