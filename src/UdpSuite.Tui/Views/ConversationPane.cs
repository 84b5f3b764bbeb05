using System.Collections.ObjectModel;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.Text;

namespace UdpSuite.Tui.Views;

/// <summary>
/// The conversation: for each message a heading (sender, local time, status marks for sent ones) and its text wrapped
/// to the pane's width by terminal columns, so CJK and emoji never overflow or split. Rewraps on resize and keeps the
/// newest message in view.
/// </summary>
internal sealed class ConversationPane : FrameView
{
    private readonly ObservableCollection<string> _lines = [];
    private IReadOnlyList<ConversationMessage> _messages = [];
    private int _wrappedAt = -1;

    public ConversationPane()
    {
        Title = "Conversation";
        Lines = new ListView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill() };
        Lines.SetSource(_lines);
        Add(Lines);
        Lines.FrameChanged += (_, _) =>
        {
            if (Lines.Viewport.Width != _wrappedAt)
            {
                Render();
            }
        };
    }

    /// <summary>The wrapped lines as a list (scrolls with PageUp/PageDown and the mouse wheel).</summary>
    public ListView Lines { get; }

    /// <summary>The text lines as shown, for tests and the screen reader of the curious.</summary>
    public IReadOnlyList<string> ShownLines => _lines;

    /// <summary>Shows <paramref name="messages"/> under <paramref name="title"/>.</summary>
    public void Show(string title, IReadOnlyList<ConversationMessage> messages)
    {
        Title = title;
        _messages = messages;
        Render();
    }

    /// <summary>Re-renders after a message changed state or arrived.</summary>
    public void Render()
    {
        int width = Lines.Viewport.Width > 0 ? Lines.Viewport.Width : 40;
        _wrappedAt = Lines.Viewport.Width;
        _lines.Clear();
        foreach (ConversationMessage message in _messages)
        {
            string marks = StatusMarks.For(message);
            string time = message.Time.ToLocalTime().ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
            foreach (string line in TextWrapper.Wrap($"{message.Sender} {time}{(marks.Length > 0 ? " " + marks : string.Empty)}", width))
            {
                _lines.Add(line);
            }

            foreach (string line in TextWrapper.Wrap(message.Text, width - 2))
            {
                _lines.Add("  " + line);
            }
        }

        if (_lines.Count > 0)
        {
            Lines.SelectedItem = _lines.Count - 1;
        }

        SetNeedsDraw();
    }
}
