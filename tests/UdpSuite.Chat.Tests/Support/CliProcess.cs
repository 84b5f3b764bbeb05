using System.Diagnostics;
using System.Text;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.Support;

/// <summary>
/// Runs <c>udpsuite</c> client commands as real processes with chosen environment variables (the password travels in
/// <c>UDPSUITE_PASSWORD</c>, as users are told to), stdin closed (or kept for <see cref="WriteLineAsync"/>), and a hard time limit.
/// </summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private CliProcess(Process process)
    {
        _process = process;
        _stdout = CollectLinesAsync(process.StandardOutput);
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The lines written to stdout so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Starts <c>udpsuite <paramref name="arguments"/></c>; the caller waits with <see cref="WaitAsync"/>. With <paramref name="keepInput"/> stdin stays open.</summary>
    public static CliProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, bool keepInput = false)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(ServerProcess.CliPath);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (string key in info.Environment.Keys.Where(k => k.StartsWith("UDPSUITE_", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            info.Environment.Remove(key);
        }

        foreach ((string key, string? value) in environment)
        {
            info.Environment[key] = value;
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        if (!keepInput)
        {
            process.StandardInput.Close(); // no terminal: the password must come from the environment
        }

        return new CliProcess(process);
    }

    /// <summary>Writes one line to stdin (started with keepInput).</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until stdout has <paramref name="count"/> lines matching <paramref name="match"/>; returns them.</summary>
    public async Task<IReadOnlyList<string>> WaitForLinesAsync(Func<string, bool> match, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string[] matching = [.. Lines.Where(match)];
            if (matching.Length >= count)
            {
                return matching;
            }

            if (clock.Elapsed > timeout || _stdout.IsCompleted)
            {
                string errors = _stderr.IsCompleted ? await _stderr : "(still running)";
                throw new TimeoutException($"{matching.Length} of {count} lines within {timeout}; stdout: {string.Join('\n', Lines)}; stderr: {errors}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Kills the process with SIGKILL (no cleanup of any kind runs) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Runs to completion within <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        await using CliProcess process = Start(arguments, environment);
        return await process.WaitAsync(timeout);
    }

    /// <summary>Sends SIGTERM, as systemd or <c>kill</c> would.</summary>
    public void Terminate()
    {
        using Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit(5000);
    }

    /// <summary>Waits for exit (killing the process after <paramref name="timeout"/>) and returns exit code and output.</summary>
    public async Task<(int ExitCode, string StandardOutput, string StandardError)> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"udpsuite did not exit within {timeout}; stdout: {await _stdout}; stderr: {await _stderr}");
        }

        return (_process.ExitCode, await _stdout, await _stderr);
    }

    private async Task<string> CollectLinesAsync(StreamReader output)
    {
        var all = new StringBuilder();
        while (await output.ReadLineAsync() is { } line)
        {
            all.Append(line).Append('\n');
            lock (_gate)
            {
                _lines.Add(line);
            }
        }

        return all.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
