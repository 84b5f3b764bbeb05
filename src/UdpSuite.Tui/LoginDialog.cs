using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace UdpSuite.Tui;

/// <summary>Asks for the password in a small full-screen dialog when <c>UDPSUITE_PASSWORD</c> is not set.</summary>
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
}
