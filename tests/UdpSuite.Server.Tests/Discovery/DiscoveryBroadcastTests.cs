using System.Diagnostics;
using System.Text.RegularExpressions;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Server.Tests.Discovery;

/// <summary>
/// Broadcast discovery between two network namespaces this test creates (a veth pair on 10.200.N.0/24): the real server
/// runs in one, bound to every address on the default discovery port, and <c>udpsuite discover --address 10.200.N.255</c>
/// in the other finds it. No probe can leave the pair, so the host's LAN never sees one.
/// </summary>
public class DiscoveryBroadcastTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [NetworkNamespaceFact]
    public async Task Discover_by_subnet_broadcast_finds_the_server_in_the_other_namespace()
    {
        using NetworkNamespacePair pair = NetworkNamespacePair.Create();
        string dataDirectory = Directory.CreateTempSubdirectory("udpsuite-netns-").FullName;
        ProcessStartInfo start = NetworkNamespacePair.Exec(pair.First, "dotnet",
        [
            ServerProcess.CliPath, "server", "--time-port", "0", "--ntp-port", "0", "--rfc868-port", "0", "--daytime-port", "0",
            "--chat-port", "0", "--discovery-port", "8082", "--bind", "0.0.0.0", "--server-name", "ns-server", "--data-dir", dataDirectory,
        ]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using Process server = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        var stderr = new System.Text.StringBuilder();
        server.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        server.BeginErrorReadLine();
        try
        {
            var listeners = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var started = new CancellationTokenSource(Deadline))
            {
                while (!listeners.ContainsKey("discovery"))
                {
                    string line = await server.StandardOutput.ReadLineAsync(started.Token)
                        ?? throw new InvalidOperationException($"the server in {pair.First} exited before listening: {stderr}");
                    Match match = ServerProcess.ListeningLine().Match(line);
                    if (match.Success)
                    {
                        listeners[match.Groups["name"].Value] = match.Groups["endpoint"].Value;
                    }
                }
            }

            Assert.Equal("0.0.0.0:8082", listeners["discovery"]);
            string chatPort = listeners["chat"].Split(':')[1];
            string sntpPort = listeners["sntp"].Split(':')[1];

            (int exitCode, string stdout, string clientErrors) = await ExternalProcess.RunAsync(
                NetworkNamespacePair.Exec(pair.Second, "dotnet", [ServerProcess.CliPath, "discover", "--address", pair.BroadcastAddress, "--timeout", "2000"]),
                Deadline);

            Assert.True(exitCode == 0, $"udpsuite discover exited {exitCode}: {clientErrors}\nserver: {stderr}");
            string found = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"ns-server {pair.FirstAddress} chat={pair.FirstAddress}:{chatPort} ", found);
            Assert.Contains($" sntp={pair.FirstAddress}:{sntpPort} ", found);
            Assert.Matches(" key=SHA256:[A-Za-z0-9+/]{43} rtt=", found);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await server.WaitForExitAsync(stopped.Token);
            }

            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
