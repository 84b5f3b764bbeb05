using System.Diagnostics;
using System.Text.RegularExpressions;

namespace UdpSuite.Tui.Tests.EndToEnd;

/// <summary>
/// The real <c>udpsuite server</c> with time-text, SNTP and chat on ephemeral loopback ports and a temporary data
/// directory; the endpoints come from its <c>listening NAME udp ADDR:PORT</c> lines.
/// </summary>
internal sealed partial class ChatServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ChatServerProcess(Process process, string dataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
    }

    public static string CliPath => Path.Combine(AppContext.BaseDirectory, "udpsuite.dll");

    public string DataDirectory { get; }

    public Dictionary<string, string> Listeners { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts the server; <paramref name="chatPort"/> 0 lets the OS choose.</summary>
    public static async Task<ChatServerProcess> StartAsync(string dataDirectory, int chatPort = 0)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[]
        {
            CliPath, "server", "--time-port", "0", "--ntp-port", "0", "--rfc868-port", "off", "--daytime-port", "off",
            "--chat-port", chatPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDirectory, "--bind", "127.0.0.1",
            "--discovery-port", "off",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var server = new ChatServerProcess(Process.Start(info)!, dataDirectory);
        server._process.ErrorDataReceived += (_, _) => { };
        server._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(server.Listeners.ContainsKey("chat") && server.Listeners.ContainsKey("time-text") && server.Listeners.ContainsKey("sntp")))
        {
            string line = await server._process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("udpsuite server exited before listening");
            Match match = Listening().Match(line);
            if (match.Success)
            {
                server.Listeners[match.Groups[1].Value] = match.Groups[2].Value;
            }
        }

        return server;
    }

    /// <summary>Runs <c>udpsuite ARGS</c> with <paramref name="password"/> in UDPSUITE_PASSWORD; returns exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCliAsync(string password, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(CliPath);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["UDPSUITE_PASSWORD"] = password;
        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"^listening ([a-z0-9-]+) udp (\S+:\d+)$")]
    private static partial Regex Listening();
}
