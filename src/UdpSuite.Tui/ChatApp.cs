using Terminal.Gui.App;

namespace UdpSuite.Tui;

/// <summary>Runs the full-screen client on the real terminal until the user quits (Ctrl+Q).</summary>
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
}
