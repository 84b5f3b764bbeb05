using System.Diagnostics;
using System.Text;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.Support;

/// <summary>
/// Runs <c>udpsuite</c> client commands as real processes with chosen environment variables (the password travels in
/// <c>UDPSUITE_PASSWORD</c>, as users are told to), stdin closed, and a hard time limit.
/// </summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private CliProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts <c>udpsuite <paramref name="arguments"/></c>; the caller waits with <see cref="WaitAsync"/>.</summary>
    public static CliProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
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
        process.StandardInput.Close(); // no terminal: the password must come from the environment
        return new CliProcess(process);
    }

    /// <summary>Runs to completion within <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        await using CliProcess process = Start(arguments, environment);
        return await process.WaitAsync(timeout);
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
