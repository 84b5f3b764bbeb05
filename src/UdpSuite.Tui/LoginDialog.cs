using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace UdpSuite.Tui;

/// <summary>
/// The login's own screens, before the main window: asks for the password when <c>UDPSUITE_PASSWORD</c> is not set, and
/// shows a login that cannot go on (a refused server key) where the user is looking, not on stderr behind the screen.
/// </summary>
public static class LoginDialog
{
    /// <summary>The password typed (hidden), or null when the user cancelled or left it empty.</summary>
    public static string? Ask(string user, string server)
    {
        using IApplication app = Application.Create().Init();
        using var dialog = new Dialog { Title = $"Log in to {server}", Width = 50, Height = 8 };
        var label = new Label { X = 1, Y = 1, Text = $"Password for {user}:" };
        var password = new TextField { X = 1, Y = 2, Width = Dim.Fill(1), Secret = true };
        var ok = new Button { Title = "_OK", IsDefault = true };
        var cancel = new Button { Title = "_Cancel" };
        string? result = null;
        ok.Accepting += (_, e) =>
        {
            e.Handled = true;
            result = password.Text;
            app.RequestStop();
        };
        password.Accepting += (_, e) =>
        {
            e.Handled = true;
            result = password.Text;
            app.RequestStop();
        };
        cancel.Accepting += (_, e) =>
        {
            e.Handled = true;
            app.RequestStop();
        };
        dialog.Add(label, password);
        dialog.AddButton(ok);
        dialog.AddButton(cancel);
        password.SetFocus();
        app.Run(dialog);
        return string.IsNullOrEmpty(result) ? null : result;
    }

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
