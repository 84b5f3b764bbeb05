using Terminal.Gui.App;
using UdpSuite.Tui.FirstRun;

namespace UdpSuite.Tui;

/// <summary>Runs the full-screen client on the real terminal: the login screens, then the main window until the user quits (Ctrl+Q).</summary>
public static class ChatApp
{
    /// <summary>Blocks until the window closes; returns the process exit code (0).</summary>
    public static int Run(ChatWindowOptions options)
    {
        // Not Application.Create(): the terminal input workaround (Input/TerminalInputWorkaround.cs) supplies the input.
        using IApplication app = Input.TerminalInputWorkaround.CreateApplication().Init();
        using var window = new ChatWindow(options);
        window.Attach(app);
        app.Run(window);
        return 0;
    }

    /// <summary>
    /// The login screens (<see cref="LoginWindow"/>): from server discovery when <paramref name="server"/> is null (first
    /// run), else from the account step. Returns how they ended, or null when the user quit.
    /// </summary>
    public static FirstRunResult? RunLogin(IFirstRunBackend backend, string? server, string? user)
    {
        using IApplication app = Application.Create().Init();
        return LoginWindow.Run(app, backend, server, user);
    }
}
