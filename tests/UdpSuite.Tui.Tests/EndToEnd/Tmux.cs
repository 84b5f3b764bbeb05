using System.Diagnostics;

namespace UdpSuite.Tui.Tests.EndToEnd;

/// <summary>
/// A private tmux server (its own socket, so nothing else on the machine is touched) whose windows run the real binary
/// in a real terminal; keys go in with send-keys, the screen comes out with capture-pane. Disposing kills the server.
/// </summary>
internal sealed class Tmux : IDisposable
{
    private readonly string _socket = "udpsuite-test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Starts session <paramref name="name"/> at <paramref name="width"/>x<paramref name="height"/> running the shell command <paramref name="command"/>.</summary>
    public void Start(string name, int width, int height, string command) =>
        Run("new-session", "-d", "-s", name, "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture), command);

    /// <summary>Sends key names (Enter, Escape, C-t, ...).</summary>
    public void Keys(string name, params string[] keys) => Run(["send-keys", "-t", name, .. keys]);

    /// <summary>Types <paramref name="text"/> literally (UTF-8).</summary>
    public void Type(string name, string text) => Run("send-keys", "-t", name, "-l", text);

    /// <summary>Resizes the window of <paramref name="name"/>, as a user dragging the terminal would.</summary>
    public void Resize(string name, int width, int height) =>
        Run("resize-window", "-t", name, "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The visible screen of <paramref name="name"/>.</summary>
    public string Capture(string name) => Run("capture-pane", "-p", "-t", name);

    /// <summary>Polls the screen until <paramref name="condition"/> holds; throws with the last screen after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(string name, Func<string, bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        string screen = string.Empty;
        while (clock.Elapsed < timeout)
        {
            screen = Capture(name);
            if (condition(screen))
            {
                return screen;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{what} did not show in tmux session {name} within {timeout}; screen:\n{screen}");
    }

    public void Dispose()
    {
        try
        {
            Run("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone with its last session.
        }
    }

    /// <summary>Runs any tmux command on this server (load-buffer, paste-buffer, display-message, ...); returns its output.</summary>
    public string Run(params string[] arguments)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException("tmux is not installed (the end-to-end tests need it)");
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"tmux {string.Join(' ', arguments)}: {error}");
    }
}
