using System.Diagnostics;
using System.Text;
using System.Text.Json;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Server.Tests.Discovery;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>
/// IP Messenger discovery by broadcast, as on a real LAN, between two network namespaces this test creates (a veth pair
/// on 10.200.N.0/24, nothing can leave it): <c>udpsuite listen --lan</c> in one on the default port 2425 with broadcast
/// on, <c>udpsuite send --lan --to NICKNAME</c> in the other finds it by its nickname through the broadcast entry and
/// its ANSENTRY, and the message arrives, acknowledged. Skipped, with the reason, where namespaces cannot be created.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LanBroadcastTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [NetworkNamespaceFact]
    public async Task Send_finds_a_listener_in_the_other_namespace_by_broadcast_and_its_message_arrives()
    {
        using NetworkNamespacePair pair = NetworkNamespacePair.Create();
        string home = TestEnvironment.NewDirectory("home");
        ProcessStartInfo listenStart = NetworkNamespacePair.Exec(pair.First, "dotnet", [ServerProcess.CliPath, "listen", "--lan", "--json", "--count", "1"]);
        listenStart.Environment["HOME"] = home;
        listenStart.Environment["UDPSUITE_Client__Lan__Nickname"] = "命名空间甲";
        listenStart.RedirectStandardOutput = true;
        listenStart.RedirectStandardError = true;
        listenStart.StandardOutputEncoding = Encoding.UTF8;
        listenStart.UseShellExecute = false;
        using Process listen = Process.Start(listenStart) ?? throw new InvalidOperationException("could not start udpsuite listen");
        try
        {
            using (var started = new CancellationTokenSource(Deadline))
            {
                string? line;
                do
                {
                    line = await listen.StandardError.ReadLineAsync(started.Token)
                        ?? throw new InvalidOperationException($"udpsuite listen exited in {pair.First}: {await listen.StandardOutput.ReadToEndAsync()}");
                }
                while (!line.Contains("listening on the LAN", StringComparison.Ordinal));
            }

            Task<string> stderrRest = listen.StandardError.ReadToEndAsync();
            ProcessStartInfo sendStart = NetworkNamespacePair.Exec(pair.Second, "dotnet", [ServerProcess.CliPath, "send", "--lan", "--to", "命名空间甲", "跨网段你好"]);
            sendStart.Environment["HOME"] = home;
            sendStart.Environment["UDPSUITE_Client__Lan__Nickname"] = "命名空间乙";
            (int exitCode, string stdout, string stderr) = await ExternalProcess.RunAsync(sendStart, Deadline);
            Assert.True(exitCode == 0, $"udpsuite send exited {exitCode}: {stderr}");
            Assert.Matches($@"^lan:{pair.FirstAddress.Replace(".", @"\.", StringComparison.Ordinal)}:2425:\d+ delivered", stdout);

            using var exited = new CancellationTokenSource(Deadline);
            string printed = await listen.StandardOutput.ReadToEndAsync(exited.Token);
            await listen.WaitForExitAsync(exited.Token);
            Assert.True(listen.ExitCode == 0, await stderrRest);
            using JsonDocument message = JsonDocument.Parse(printed.Trim());
            Assert.Equal("跨网段你好", message.RootElement.GetProperty("text").GetString());
            Assert.Equal("命名空间乙", message.RootElement.GetProperty("from").GetString());
            Assert.StartsWith(pair.SecondAddress + ":2425", message.RootElement.GetProperty("address").GetString());
        }
        finally
        {
            if (!listen.HasExited)
            {
                listen.Kill(entireProcessTree: true);
                using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await listen.WaitForExitAsync(stopped.Token);
            }
        }
    }
}
