using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace UdpSuite.Tui.Views;

/// <summary>
/// The input line. Enter sends; Alt+Enter keeps the line as part of a multi-line message (the kept lines are shown
/// above the field) and starts a new one. Pasted text may be any length: the library splits long messages into fragments.
/// </summary>
internal sealed class ComposeBox : FrameView
{
    private readonly List<string> _draft = [];
    private readonly Label _draftLabel;

    public ComposeBox()
    {
        Title = "Message";
        _draftLabel = new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = 1, Text = string.Empty };
        Input = new TextField { X = 0, Y = 1, Width = Dim.Fill(), Height = 1 };
        Add(_draftLabel, Input);
        Input.Accepting += (_, e) =>
        {
            e.Handled = true;
            Submit();
        };
        Input.KeyDown += (_, key) =>
        {
            if (key == Key.Enter.WithAlt)
            {
                key.Handled = true;
                _draft.Add(Input.Text);
                Input.Text = string.Empty;
                _draftLabel.Text = $"(+{_draft.Count} line{(_draft.Count == 1 ? string.Empty : "s")}) {_draft[^1]}";
            }
        };
    }

    /// <summary>The field being typed in.</summary>
    public TextField Input { get; }

    /// <summary>Raised with the whole message (lines joined by \n) when the user presses Enter on non-empty text.</summary>
    public event EventHandler<string>? SendRequested;

    private void Submit()
    {
        _draft.Add(Input.Text);
        string text = string.Join('\n', _draft);
        _draft.Clear();
        _draftLabel.Text = string.Empty;
        Input.Text = string.Empty;
        if (text.Trim().Length > 0)
        {
            SendRequested?.Invoke(this, text);
        }
    }
}
