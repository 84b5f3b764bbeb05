using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Views;

/// <summary>
/// F2: how others see me. A status text field (the focus starts there) and one button per state: Online, Away,
/// Invisible (appear offline while logged in; the server keeps delivering). Esc leaves everything as it was.
/// </summary>
internal static class PresenceDialog
{
    /// <summary>The chosen state and status, or null when cancelled.</summary>
    public static (PresenceState State, string Status)? Ask(IApplication app, PresenceState current, string status)
    {
        using var dialog = new Dialog { Title = "My presence", Width = Dim.Percent(80), Height = Dim.Auto() };
        var now = new Label { X = 1, Y = 0, Text = $"Now: {Describe(current)}. Status text (optional, shown beside your name):", Width = Dim.Fill(1), Height = Dim.Auto(DimAutoStyle.Text) };
        now.TextFormatter.WordWrap = true;
        var text = new TextField { X = 1, Y = 2, Width = Dim.Fill(1), Text = status };
        dialog.Add(now, text);
        (PresenceState, string)? result = null;
        foreach ((string title, PresenceState state) in new[] { ("O_nline", PresenceState.Online), ("_Away", PresenceState.Away), ("_Invisible", PresenceState.Offline) })
        {
            var button = new Button { Title = title, IsDefault = state == current };
            button.Accepting += (_, e) =>
            {
                e.Handled = true;
                result = (state, text.Text ?? string.Empty);
                app.RequestStop(dialog);
            };
            dialog.AddButton(button);
        }

        text.Accepting += (_, e) =>
        {
            e.Handled = true;
            result = (current, text.Text ?? string.Empty); // Enter keeps the state, takes the text
            app.RequestStop(dialog);
        };
        text.SetFocus();
        app.Run(dialog);
        return result;
    }

    private static string Describe(PresenceState state) => state switch
    {
        PresenceState.Online => "online",
        PresenceState.Away => "away",
        _ => "invisible (others see you offline)",
    };
}
