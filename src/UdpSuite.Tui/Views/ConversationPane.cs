using System.Collections.ObjectModel;
using System.Globalization;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.Text;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Tui.Views;

/// <summary>
/// The conversation: a line for each new day, then for each message a heading (sender, local time, status marks for
/// sent ones) and its text wrapped to the pane's width by terminal columns, so CJK and emoji never overflow or split.
/// It follows the newest message while the view is at the bottom; scrolled back (PageUp, the wheel), it stays where the
/// reader is and counts what arrived meanwhile in a "n new" line under the list. Only the latest
/// <see cref="PageSize"/> messages are laid out at first; reaching the top loads the ones before them.
/// </summary>
internal sealed class ConversationPane : FrameView
{
    /// <summary>How many more messages are laid out each time the reader reaches the top.</summary>
    public const int PageSize = 100;

    private readonly ObservableCollection<string> _lines = [];
    private readonly List<ConversationMessage?> _rowMessages = [];
    private IReadOnlyList<ConversationMessage> _messages = [];
    private int _shownFrom;
    private int _renderedCount;
    private int _unseen;
    private int _wrappedAt = -1;
    private bool _rendering;

    public ConversationPane()
    {
        Title = "Conversation";
        Lines = new ListView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill() };
        Lines.SetSource(_lines);
        NewMarker = new Label { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Height = 1, Visible = false, Text = string.Empty };
        Add(Lines, NewMarker);
        Lines.FrameChanged += (_, _) =>
        {
            if (Lines.Viewport.Width != _wrappedAt)
            {
                Render();
            }
        };
        Lines.ViewportChanged += (_, _) => ReaderMoved();
    }

    /// <summary>The wrapped lines as a list (scrolls with PageUp/PageDown and the mouse wheel).</summary>
    public ListView Lines { get; }

    /// <summary>"▼ 3 new (Ctrl+End)": shown while the reader is scrolled back and messages arrived.</summary>
    public Label NewMarker { get; }

    /// <summary>The text lines as shown, for tests and the screen reader of the curious.</summary>
    public IReadOnlyList<string> ShownLines => _lines;

    /// <summary>Messages that arrived while the reader was scrolled back.</summary>
    public int Unseen => _unseen;

    /// <summary>True while the newest line is in view (new messages scroll it along).</summary>
    public bool AtNewest => _lines.Count == 0 || Lines.Viewport.Height <= 0 || Lines.Viewport.Y + Lines.Viewport.Height >= _lines.Count;

    /// <summary>How many of the conversation's messages are laid out (the latest ones).</summary>
    public int LoadedCount => _messages.Count - _shownFrom;

    /// <summary>Shows <paramref name="messages"/> (a live list) under <paramref name="title"/>, at the newest message.</summary>
    public void Show(string title, IReadOnlyList<ConversationMessage> messages)
    {
        Title = title;
        _messages = messages;
        _shownFrom = Math.Max(0, messages.Count - PageSize);
        _renderedCount = messages.Count;
        _unseen = 0;
        _lines.Clear();
        _rowMessages.Clear();
        Render();
    }

    /// <summary>Re-renders after a message changed state or arrived; a reader scrolled back stays where they are.</summary>
    public void Render()
    {
        bool follow = AtNewest;
        int top = Lines.Viewport.Y;
        int? selected = Lines.SelectedItem;
        int arrived = 0;
        for (int i = Math.Min(_renderedCount, _messages.Count); i < _messages.Count; i++)
        {
            arrived += _messages[i].Outgoing ? 0 : 1; // the reader's own messages are no news
        }

        _renderedCount = _messages.Count;
        _shownFrom = Math.Min(_shownFrom, _messages.Count);
        LayOutRows();
        if (follow)
        {
            ScrollToNewest();
        }
        else
        {
            _unseen += arrived;
            Restore(top, selected);
        }

        ShowMarker();
    }

    /// <summary>Back to the newest message (Ctrl+End); clears the "n new" marker.</summary>
    public void ScrollToNewest()
    {
        _rendering = true;
        try
        {
            if (_lines.Count > 0)
            {
                Lines.SelectedItem = _lines.Count - 1;
                Lines.Viewport = Lines.Viewport with { Y = Math.Max(0, _lines.Count - Math.Max(1, Lines.Viewport.Height)) };
            }
        }
        finally
        {
            _rendering = false;
        }

        _unseen = 0;
        ShowMarker();
        SetNeedsDraw();
    }

    /// <summary>Scrolls by <paramref name="pages"/> screens (negative: back in time).</summary>
    public void ScrollPages(int pages)
    {
        int height = Math.Max(1, Lines.Viewport.Height);
        int top = Math.Clamp(Lines.Viewport.Y + (pages * height), 0, Math.Max(0, _lines.Count - height));
        Lines.Viewport = Lines.Viewport with { Y = top };
        SetNeedsDraw();
    }

    /// <summary>Shows the message <paramref name="id"/> (loading earlier messages as needed), selected, near the top; false when it is not in this conversation.</summary>
    public bool ShowMessage(Guid id)
    {
        int index = IndexOf(id);
        if (index < 0)
        {
            return false;
        }

        _shownFrom = Math.Min(_shownFrom, index);
        LayOutRows();
        int row = _rowMessages.IndexOf(_messages[index]);
        _rendering = true;
        try
        {
            Lines.SelectedItem = row;
            Lines.Viewport = Lines.Viewport with { Y = Math.Max(0, Math.Min(row - 1, _lines.Count - Math.Max(1, Lines.Viewport.Height))) };
        }
        finally
        {
            _rendering = false;
        }

        ShowMarker();
        return true;
    }

    /// <summary>The message under the selection when the list has it; otherwise the newest one (null when there is none).</summary>
    public ConversationMessage? ChosenMessage()
    {
        if (Lines.HasFocus && Lines.SelectedItem is int row && row >= 0 && row < _rowMessages.Count && _rowMessages[row] is { } message)
        {
            return message;
        }

        return _messages.Count > 0 ? _messages[^1] : null;
    }

    private static string DayLine(DateTimeOffset day, int width)
    {
        string label = $" {day.ToString("ddd yyyy-MM-dd", CultureInfo.InvariantCulture)} ";
        int side = Math.Max(2, (width - TextWrapper.Columns(label)) / 2);
        return new string('─', side) + label + new string('─', Math.Max(2, width - side - TextWrapper.Columns(label)));
    }

    private int IndexOf(Guid id)
    {
        for (int i = _messages.Count - 1; i >= 0; i--)
        {
            if (_messages[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Rebuilds the rows from <see cref="_shownFrom"/> at the current width.</summary>
    private void LayOutRows()
    {
        int width = Lines.Viewport.Width > 0 ? Lines.Viewport.Width : 40;
        _wrappedAt = Lines.Viewport.Width;
        _rendering = true;
        try
        {
            _lines.Clear();
            _rowMessages.Clear();
            if (_shownFrom > 0)
            {
                AddRow($"▲ {_shownFrom} earlier message{(_shownFrom == 1 ? string.Empty : "s")}: scroll up to load", null);
            }

            DateTime? day = null;
            for (int i = _shownFrom; i < _messages.Count; i++)
            {
                ConversationMessage message = _messages[i];
                DateTimeOffset local = message.Time.ToLocalTime();
                if (day != local.Date)
                {
                    day = local.Date;
                    AddRow(DayLine(local, width), null);
                }

                string marks = StatusMarks.For(message);
                string time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
                foreach (string line in TextWrapper.Wrap($"{TerminalText.Neutralise(message.Sender)} {time}{(marks.Length > 0 ? " " + marks : string.Empty)}", width))
                {
                    AddRow(line, message);
                }

                // Remote text is drawn neutralised (escape sequences and bidi controls shown, not obeyed); its line breaks stay.
                foreach (string line in TextWrapper.Wrap(TerminalText.Neutralise(message.Text, TerminalLines.Multi), width - 2))
                {
                    AddRow("  " + line, message);
                }
            }
        }
        finally
        {
            _rendering = false;
        }

        SetNeedsDraw();
    }

    private void AddRow(string text, ConversationMessage? message)
    {
        _lines.Add(text);
        _rowMessages.Add(message);
    }

    private void Restore(int top, int? selected)
    {
        _rendering = true;
        try
        {
            if (selected is int row && row < _lines.Count)
            {
                Lines.SelectedItem = row;
            }

            Lines.Viewport = Lines.Viewport with { Y = Math.Clamp(top, 0, Math.Max(0, _lines.Count - Math.Max(1, Lines.Viewport.Height))) };
        }
        finally
        {
            _rendering = false;
        }
    }

    /// <summary>The reader scrolled: at the newest line the marker goes; at the top, earlier messages are laid out above, keeping the view still.</summary>
    private void ReaderMoved()
    {
        if (_rendering)
        {
            return;
        }

        if (AtNewest && _unseen > 0)
        {
            _unseen = 0;
            ShowMarker();
        }

        if (Lines.Viewport.Y == 0 && _shownFrom > 0 && _lines.Count > Lines.Viewport.Height)
        {
            LoadEarlier();
        }
    }

    private void LoadEarlier()
    {
        int before = _lines.Count;
        int? selected = Lines.SelectedItem;
        _shownFrom = Math.Max(0, _shownFrom - PageSize);
        LayOutRows();
        int added = _lines.Count - before;
        Restore(added, selected is int row ? row + added : null);
    }

    private void ShowMarker()
    {
        bool show = _unseen > 0;
        NewMarker.Text = show ? $"▼ {_unseen} new message{(_unseen == 1 ? string.Empty : "s")} below (Ctrl+End)" : string.Empty;
        if (NewMarker.Visible != show)
        {
            NewMarker.Visible = show;
            Lines.Height = show ? Dim.Fill(1) : Dim.Fill();
            SetNeedsLayout();
        }
    }
}
