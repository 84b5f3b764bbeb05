using System.Collections.ObjectModel;
using System.Globalization;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.History;
using UdpSuite.Tui.Text;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Tui.Views;

/// <summary>
/// Ctrl+F: type words, Enter searches the local history (text and sender), newest first. Each result is a heading
/// (when, sender → recipient) and its text wrapped to the panel, so nothing is cut off; the list scrolls. The message
/// before and after the selected result show under the list; Enter on a result opens its conversation there.
/// </summary>
internal sealed class SearchPanel : FrameView
{
    private readonly ChatHistory? _history;
    private readonly string _me;
    private readonly Func<ConversationMessage, IReadOnlyList<ConversationMessage>> _conversationOf;
    private readonly ObservableCollection<string> _rows = [];
    private readonly List<ConversationMessage?> _rowHits = [];
    private IReadOnlyList<ConversationMessage> _found = [];
    private int _laidOutAt = -1;

    /// <param name="history">The local history (null: none is kept).</param>
    /// <param name="me">This user's account, the recipient of incoming messages.</param>
    /// <param name="conversationOf">The conversation a found message belongs to (for the context lines).</param>
    public SearchPanel(ChatHistory? history, string me, Func<ConversationMessage, IReadOnlyList<ConversationMessage>> conversationOf)
    {
        _history = history;
        _me = me;
        _conversationOf = conversationOf;
        Title = "Search history (Enter searches / opens, Esc closes)";
        Query = new TextField { X = 0, Y = 0, Width = Dim.Fill(), Height = 1 };
        Results = new ListView { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(3) };
        Results.SetSource(_rows);
        Context = new Label { X = 0, Y = Pos.AnchorEnd(3), Width = Dim.Fill(), Height = 3, Text = string.Empty };
        Add(Query, Results, Context);
        Query.Accepting += (_, e) =>
        {
            e.Handled = true;
            Search(Query.Text.Trim());
        };
        Results.ValueChanged += (_, _) => ShowContext();
        Results.Accepting += (_, e) =>
        {
            e.Handled = true;
            OpenSelected();
        };
        Results.KeyDown += (_, key) =>
        {
            if (key == Key.Enter)
            {
                key.Handled = true;
                OpenSelected();
            }
        };
        Results.FrameChanged += (_, _) =>
        {
            if (Results.Viewport.Width != _laidOutAt && _found.Count > 0)
            {
                LayoutRows();
            }
        };
    }

    public TextField Query { get; }

    public ListView Results { get; }

    /// <summary>The messages before and after the selected result.</summary>
    public Label Context { get; }

    /// <summary>The result rows as shown.</summary>
    public IReadOnlyList<string> ResultText => _rows;

    /// <summary>Raised with the chosen result (Enter on it).</summary>
    public event EventHandler<ConversationMessage>? ResultChosen;

    /// <summary>"bob → 狗哥alex" for a message bob sent this user, "狗哥alex → bob" for one this user sent.</summary>
    public string Direction(ConversationMessage message) =>
        message.Outgoing ? $"{_me} → {TerminalText.Neutralise(message.Peer)}" : $"{TerminalText.Neutralise(message.Sender)} → {_me}";

    /// <summary>Searches and shows the results; Down then moves into them.</summary>
    public void Search(string text)
    {
        _found = _history?.Search(text) ?? [];
        LayoutRows();
        if (_history is null)
        {
            _rows.Add("no local history is kept in this session");
            _rowHits.Add(null);
        }
        else if (_found.Count == 0)
        {
            _rows.Add($"nothing matches '{text}'");
            _rowHits.Add(null);
        }
        else
        {
            Results.SelectedItem = 0;
            Results.SetFocus(); // Enter again opens the newest result; Shift+Tab goes back to the query
        }

        ShowContext();
    }

    /// <summary>Selects the <paramref name="index"/>-th result (0 = newest).</summary>
    public void SelectResult(int index)
    {
        int row = _rowHits.FindIndex(m => m is not null && m == _found[index]);
        if (row >= 0)
        {
            Results.SelectedItem = row;
        }
    }

    private void LayoutRows()
    {
        int width = Math.Max(10, Results.Viewport.Width > 0 ? Results.Viewport.Width : 60);
        _laidOutAt = Results.Viewport.Width;
        _rows.Clear();
        _rowHits.Clear();
        foreach (ConversationMessage message in _found)
        {
            string when = message.Time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            foreach (string line in TextWrapper.Wrap($"{when} {Direction(message)}", width))
            {
                _rows.Add(line);
                _rowHits.Add(message);
            }

            // At most three lines of text per result: the list stays a list, Enter shows the whole message.
            IReadOnlyList<string> text = TextWrapper.Wrap(TerminalText.Neutralise(message.Text, TerminalLines.Multi), width - 2);
            for (int i = 0; i < Math.Min(3, text.Count); i++)
            {
                _rows.Add("  " + (i == 2 && text.Count > 3 ? text[i] + " …" : text[i]));
                _rowHits.Add(message);
            }
        }
    }

    private ConversationMessage? Selected =>
        Results.SelectedItem is int row && row >= 0 && row < _rowHits.Count ? _rowHits[row] : null;

    private void ShowContext()
    {
        if (Selected is not { } message)
        {
            Context.Text = string.Empty;
            return;
        }

        IReadOnlyList<ConversationMessage> conversation = _conversationOf(message);
        int at = -1;
        for (int i = 0; i < conversation.Count; i++)
        {
            if (conversation[i].Id == message.Id)
            {
                at = i;
                break;
            }
        }

        string Line(string label, int i) =>
            i >= 0 && i < conversation.Count ? $"{label} {TerminalText.Neutralise(conversation[i].Sender)}: {TerminalText.Neutralise(conversation[i].Text.Replace('\n', ' '))}" : $"{label} (none)";
        Context.Text = at < 0
            ? "context: not in a conversation here"
            : string.Join('\n', Line("before:", at - 1), Line("this:  ", at), Line("after: ", at + 1));
    }

    private void OpenSelected()
    {
        if (Selected is { } message)
        {
            ResultChosen?.Invoke(this, message);
        }
    }
}
