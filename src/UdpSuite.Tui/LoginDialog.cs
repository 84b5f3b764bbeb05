using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace UdpSuite.Tui;

/// <summary>
/// Shows a login that cannot go on (a refused server key) where the user is looking, not on stderr behind the screen.
/// The password itself is asked by the login screens (<see cref="FirstRun.LoginWindow"/>).
/// </summary>
public static class LoginDialog
{
    /// <summary>
    /// Shows why the client will not log in to <paramref name="server"/> (for a refused key: both fingerprints and the
    /// known_servers line to remove, verbatim) full screen until the user quits with Enter or Esc.
    /// </summary>
    public static void ShowRefusal(string server, string reason)
    {
        using IApplication app = Application.Create().Init();
        using var dialog = new Dialog { Title = $"Not logged in to {server}", Width = Dim.Fill(2), Height = Dim.Auto() };
        var text = new Label { X = 1, Y = 1, Width = Dim.Fill(1), Height = Dim.Auto(DimAutoStyle.Text), Text = reason, HotKeySpecifier = Views.InfoBanner.NoHotKey };
        text.TextFormatter.WordWrap = true; // long known_servers paths wrap instead of being cut
        var quit = new Button { Title = "_Quit", IsDefault = true };
        quit.Accepting += (_, e) =>
        {
            e.Handled = true;
            app.RequestStop();
        };
        dialog.Add(text);
        dialog.AddButton(quit);
        quit.SetFocus();
        app.Run(dialog);
    }
}
