using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace UdpSuite.Tui.Views;

/// <summary>One text field of a <see cref="FormDialog"/>: its label, the text it starts with, and whether it is a password (shown as a mask).</summary>
internal sealed record FormField(string Label, string Initial = "", bool Secret = false);

/// <summary>
/// A modal form: an optional explanation, labelled text fields (the first has the focus), OK and Cancel. Enter in the
/// last field is OK; Esc cancels.
/// </summary>
internal static class FormDialog
{
    /// <summary>The texts typed, one per field, or null when cancelled.</summary>
    public static string[]? Ask(IApplication app, string title, string? explanation, IReadOnlyList<FormField> fields, string okTitle = "_OK")
    {
        using var dialog = new Dialog { Title = title, Width = Dim.Percent(80), Height = Dim.Auto() };
        int y = 0;
        if (explanation is not null)
        {
            var text = new Label { X = 1, Y = y, Width = Dim.Fill(1), Height = Dim.Auto(DimAutoStyle.Text), Text = explanation, HotKeySpecifier = InfoBanner.NoHotKey };
            text.TextFormatter.WordWrap = true;
            dialog.Add(text);
            y = 2;
        }

        var inputs = new List<TextField>();
        foreach (FormField field in fields)
        {
            var label = new Label { X = 1, Y = Pos.Absolute(y), Text = field.Label, HotKeySpecifier = InfoBanner.NoHotKey };
            var input = new TextField { X = 1, Y = Pos.Absolute(y + 1), Width = Dim.Fill(1), Text = field.Initial, Secret = field.Secret };
            dialog.Add(label, input);
            inputs.Add(input);
            y += 2;
        }

        string[]? result = null;
        void Accept()
        {
            result = [.. inputs.Select(i => i.Text ?? string.Empty)];
            app.RequestStop(dialog);
        }

        var ok = new Button { Title = okTitle, IsDefault = true };
        var cancel = new Button { Title = "_Cancel" };
        ok.Accepting += (_, e) =>
        {
            e.Handled = true;
            Accept();
        };
        cancel.Accepting += (_, e) =>
        {
            e.Handled = true;
            app.RequestStop(dialog);
        };
        for (int i = 0; i < inputs.Count; i++)
        {
            TextField next = i + 1 < inputs.Count ? inputs[i + 1] : null!;
            bool last = i + 1 == inputs.Count;
            inputs[i].Accepting += (_, e) =>
            {
                e.Handled = true;
                if (last)
                {
                    Accept();
                }
                else
                {
                    next.SetFocus();
                }
            };
        }

        dialog.AddButton(ok);
        dialog.AddButton(cancel);
        if (inputs.Count > 0)
        {
            inputs[0].SetFocus();
        }

        app.Run(dialog);
        return result;
    }
}
