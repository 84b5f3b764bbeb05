using System.Globalization;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace UdpSuite.Tui.Views;

/// <summary>
/// The input: a message of one or more lines. The field edits the last line; Alt+Enter (ESC CR from a terminal) or
/// Ctrl+J keeps it and starts a new one, the kept lines counted and the last of them shown above the field. Enter sends
/// the whole message. Up and Down walk through the messages sent (this session's, after the last ones of the local
/// history; the unsent draft comes back after the newest). A paste arrives whole through <see cref="Paste"/>, new lines included; the library splits long messages
/// into fragments.
/// </summary>
internal sealed class ComposeBox : FrameView
{
    private readonly List<string> _lines = [];
    private readonly List<string> _sent = [];
    private readonly Label _linesLabel;
    private int _browsing = -1;
    private string _draft = string.Empty;

    public ComposeBox()
    {
        Title = "Message";
        _linesLabel = new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = 1, Text = string.Empty };
        Input = new TextField { X = 0, Y = 1, Width = Dim.Fill(), Height = 1 };
        Add(_linesLabel, Input);
        Input.Accepting += (_, e) =>
        {
            e.Handled = true;
            Submit();
        };
        Input.KeyDown += (_, key) =>
        {
            if (KeyMap.IsNewLine(key))
            {
                key.Handled = true;
                NewLine();
            }
            else if (key == Key.CursorUp || key == Key.CursorDown)
            {
                key.Handled = true;
                Browse(key == Key.CursorUp ? -1 : 1);
            }
        };
    }

    /// <summary>The field being typed in (the last line of the message).</summary>
    public TextField Input { get; }

    /// <summary>The whole message as it would be sent (lines joined by \n).</summary>
    public string Message => string.Join('\n', [.. _lines, Input.Text]);

    /// <summary>The lines kept above the field.</summary>
    public IReadOnlyList<string> KeptLines => _lines;

    /// <summary>Raised with the whole message (lines joined by \n) when the user presses Enter on non-empty text.</summary>
    public event EventHandler<string>? SendRequested;

    /// <summary>
    /// Inserts pasted <paramref name="text"/> at the cursor, whole: each line break in it starts a new line of the message
    /// (CR LF and CR count as one), other control characters are dropped and a tab becomes a space.
    /// </summary>
    public void Paste(string text)
    {
        string[] parts = Clean(text).Split('\n');
        // The field's insertion point counts text elements (graphemes), not UTF-16 units.
        var current = new StringInfo(Input.Text);
        int at = Math.Clamp(Input.InsertionPoint, 0, current.LengthInTextElements);
        string before = at > 0 ? current.SubstringByTextElements(0, at) : string.Empty;
        string after = at < current.LengthInTextElements ? current.SubstringByTextElements(at) : string.Empty;
        if (parts.Length == 1)
        {
            SetField(before + parts[0] + after, Elements(before + parts[0]));
            return;
        }

        _lines.Add(before + parts[0]);
        _lines.AddRange(parts[1..^1]);
        SetField(parts[^1] + after, Elements(parts[^1]));
        ShowKeptLines();
    }

    /// <summary>Adds an already sent message to the Up/Down history (for example from the local history at start).</summary>
    public void Remember(string message)
    {
        _sent.Remove(message);
        _sent.Add(message);
    }

    private static int Elements(string text) => new StringInfo(text).LengthInTextElements;

    private static string Clean(string text)
    {
        var clean = new System.Text.StringBuilder(text.Length);
        string normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        foreach (char c in normalized)
        {
            if (c == '\t')
            {
                clean.Append(' ');
            }
            else if (c == '\n' || !char.IsControl(c))
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    private void NewLine()
    {
        _lines.Add(Input.Text);
        SetField(string.Empty, 0);
        ShowKeptLines();
    }

    private void Browse(int step)
    {
        if (_sent.Count == 0)
        {
            return;
        }

        if (_browsing < 0)
        {
            if (step > 0)
            {
                return; // already at the draft
            }

            _draft = Message;
            _browsing = _sent.Count;
        }

        _browsing = Math.Clamp(_browsing + step, 0, _sent.Count);
        Load(_browsing == _sent.Count ? _draft : _sent[_browsing]);
        if (_browsing == _sent.Count)
        {
            _browsing = -1;
        }
    }

    private void Load(string message)
    {
        string[] parts = message.Split('\n');
        _lines.Clear();
        _lines.AddRange(parts[..^1]);
        SetField(parts[^1], Elements(parts[^1]));
        ShowKeptLines();
    }

    private void SetField(string text, int insertionPoint)
    {
        Input.Text = text;
        Input.InsertionPoint = insertionPoint;
        Input.SetNeedsDraw();
        SetNeedsDraw();
    }

    private void ShowKeptLines()
    {
        _linesLabel.Text = _lines.Count == 0
            ? string.Empty
            : $"(+{_lines.Count} line{(_lines.Count == 1 ? string.Empty : "s")}) {_lines[^1]}";
    }

    private void Submit()
    {
        string text = Message;
        _lines.Clear();
        ShowKeptLines();
        SetField(string.Empty, 0);
        _browsing = -1;
        _draft = string.Empty;
        if (text.Trim().Length > 0)
        {
            Remember(text);
            SendRequested?.Invoke(this, text);
        }
    }
}
