using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace UdpSuite.Server.Tests.Integration;

/// <summary>
/// Runs the real <c>udpsuite server</c> (the built udpsuite.dll next to the tests) as a child process on
/// 127.0.0.1 with every port ephemeral, waits for its <c>listening</c> lines and exposes the bound endpoints.
/// Unless the arguments or environment name a chat data directory, each server gets a fresh temporary one
/// (<see cref="DataDirectory"/>, deleted on dispose), so tests never touch the developer's chat store.
/// Disposing kills the process if it still runs.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    /// <summary>Listeners the server of this branch prints; add <c>time-text</c> when its handler is registered.</summary>
    public static readonly IReadOnlyList<string> DefaultListeners = ["time-text", "sntp", "rfc868", "daytime", "chat"];

    /// <summary>Arguments that put every listener on an ephemeral loopback port.</summary>
    public static readonly IReadOnlyList<string> EphemeralLoopbackArguments =
        ["server", "--time-port", "0", "--ntp-port", "0", "--rfc868-port", "0", "--daytime-port", "0", "--chat-port", "0", "--bind", "127.0.0.1"];

    /// <summary>
    /// <see cref="EphemeralLoopbackArguments"/> with the chat store in <paramref name="dataDirectory"/> and the chat
    /// listener on <paramref name="chatPort"/> (0 = ephemeral): restart with the port a first run printed to get the
    /// same server back after a kill.
    /// </summary>
    public static IReadOnlyList<string> ChatServerArguments(string dataDirectory, int chatPort = 0) =>
    [
        "server", "--time-port", "0", "--ntp-port", "0", "--rfc868-port", "0", "--daytime-port", "0",
        "--chat-port", chatPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--data-dir", dataDirectory,
    ];

    private const string DataDirectoryVariable = "UDPSUITE_Server__DataDirectory";

    private const string DiscoveryPortVariable = "UDPSUITE_Server__DiscoveryPort";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Dictionary<string, IPEndPoint> _listeners = new(StringComparer.Ordinal);

    private string? _ownedDataDirectory;

    private ServerProcess(Process process) => _process = process;

    /// <summary>The temporary chat data directory this instance created, or null when the caller chose one.</summary>
    public string? DataDirectory => _ownedDataDirectory;

    /// <summary>The OS process id.</summary>
    public int Id => _process.Id;

    /// <summary>Bound endpoints by listener name, as printed.</summary>
    public IReadOnlyDictionary<string, IPEndPoint> Listeners => _listeners;

    /// <summary>Every stdout line so far.</summary>
    public IReadOnlyList<string> StandardOutput => [.. _stdout];

    /// <summary>Every stderr line so far.</summary>
    public string StandardError => string.Join('\n', _stderr);

    /// <summary>Path of the udpsuite.dll under test.</summary>
    public static string CliPath => Path.Combine(AppContext.BaseDirectory, "udpsuite.dll");

    /// <summary>The endpoint of listener <paramref name="name"/>.</summary>
    public IPEndPoint Endpoint(string name) => _listeners[name];

    /// <summary>
    /// Starts <c>dotnet udpsuite.dll</c> with <paramref name="arguments"/> (default: <see cref="EphemeralLoopbackArguments"/>)
    /// and extra <paramref name="environment"/> variables, and waits up to 20 s for a <c>listening</c> line for each of
    /// <paramref name="expectedListeners"/> (default <see cref="DefaultListeners"/>). Throws with the captured stderr otherwise.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        IEnumerable<string>? arguments = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyCollection<string>? expectedListeners = null)
    {
        IReadOnlyList<string> argumentList = [.. arguments ?? EphemeralLoopbackArguments];
        string? ownedDataDirectory = null;
        if (!argumentList.Contains("--data-dir") && !(environment?.ContainsKey(DataDirectoryVariable) ?? false))
        {
            ownedDataDirectory = Directory.CreateTempSubdirectory("udpsuite-chat-").FullName;
            environment = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { [DataDirectoryVariable] = ownedDataDirectory };
        }

        ProcessStartInfo info = CreateStartInfo(argumentList, environment);
        var server = new ServerProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"))
        {
            _ownedDataDirectory = ownedDataDirectory,
        };
        server._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                server._stderr.Enqueue(e.Data);
            }
        };
        server._process.BeginErrorReadLine();
        try
        {
            await server.ReadListeningLinesAsync(expectedListeners ?? DefaultListeners);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// Runs <c>udpsuite</c> with <paramref name="arguments"/> (and <paramref name="environment"/> added) to completion, bounded
    /// by <paramref name="timeout"/>, and returns what it did.
    /// </summary>
    public static Task<(int ExitCode, string StandardOutput, string StandardError)> RunToExitAsync(
        IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        ExternalProcess.RunAsync(CreateStartInfo(arguments, environment), timeout);

    /// <summary>Sends SIGTERM with <c>kill -TERM PID</c> and returns the exit code (throws if it does not exit in <paramref name="timeout"/>).</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            if (_ownedDataDirectory is not null)
            {
                try
                {
                    Directory.Delete(_ownedDataDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // Best effort: a temp directory left behind is harmless.
                }
            }
        }
    }

    private static ProcessStartInfo CreateStartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(CliPath);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Keep the child's configuration to what the test says, whatever the developer's shell exports.
        foreach (string key in info.Environment.Keys.ToArray())
        {
            if (key.StartsWith("UDPSUITE_", StringComparison.OrdinalIgnoreCase))
            {
                info.Environment.Remove(key);
            }
        }

        // The discovery listener's default port (8082) is fixed: parallel test servers would collide on it. Off unless a
        // test asks for it (--discovery-port on the command line, or this variable, wins).
        info.Environment[DiscoveryPortVariable] = "off";

        // Test accounts register with the cheapest Argon2id libsodium computes (m = 8 KiB, t = 1) unless a test sets the floor.
        info.Environment["UDPSUITE_Chat__PasswordHashMemoryKiB"] = "8";
        info.Environment["UDPSUITE_Chat__PasswordHashIterations"] = "1";
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private async Task ReadListeningLinesAsync(IReadOnlyCollection<string> expected)
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        try
        {
            while (!expected.All(_listeners.ContainsKey))
            {
                string? line = await _process.StandardOutput.ReadLineAsync(cts.Token);
                if (line is null)
                {
                    await _process.WaitForExitAsync(cts.Token);
                    throw new InvalidOperationException($"udpsuite server exited with {_process.ExitCode} before listening:\n{StandardError}");
                }

                _stdout.Enqueue(line);
                Match match = ListeningLine().Match(line);
                if (match.Success)
                {
                    _listeners[match.Groups["name"].Value] = IPEndPoint.Parse(match.Groups["endpoint"].Value);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"udpsuite server did not print all listening lines within {StartTimeout}; stdout: {string.Join(" | ", _stdout)}; stderr:\n{StandardError}");
        }

        // Keep draining stdout so the child never blocks on a full pipe.
        _ = Task.Run(async () =>
        {
            try
            {
                while (await _process.StandardOutput.ReadLineAsync() is { } more)
                {
                    _stdout.Enqueue(more);
                }
            }
            catch (ObjectDisposedException)
            {
                // Process disposed.
            }
            catch (InvalidOperationException)
            {
                // Process disposed.
            }
        });
    }

    [GeneratedRegex(@"^listening (?<name>[a-z0-9-]+) (udp|http) (?<endpoint>\S+:\d+)$")]
    internal static partial Regex ListeningLine();
}
