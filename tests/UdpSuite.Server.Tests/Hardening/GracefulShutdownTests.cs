using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Chat;
using UdpSuite.Server.Tests.Integration;
using Xunit.Abstractions;

namespace UdpSuite.Server.Tests.Hardening;

/// <summary>
/// Graceful shutdown under load (issue 8): SIGTERM lands while a burst of messages is in flight; the server exits 0,
/// and after a restart on the same data directory every message whose RECEIPT(sent) the sender saw is delivered,
/// exactly once.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class GracefulShutdownTests(ITestOutputHelper output) : IDisposable
{
    private const int Burst = 400;
    private readonly string _data = Directory.CreateTempSubdirectory("udpsuite-sigterm-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Sigterm_during_a_send_burst_keeps_every_acked_message_across_the_restart()
    {
        HashSet<Guid> acked;
        int port, exitCode;
        await using (ServerProcess server = await ServerProcess.StartAsync(ServerProcess.ChatServerArguments(_data), expectedListeners: ["chat"]))
        {
            port = server.Endpoint("chat").Port;
            using var alice = new ChatTestPeer(server.Endpoint("chat"), "alice");
            using var bob = new ChatTestPeer(server.Endpoint("chat"), "bob");
            Assert.Null(await alice.RegisterAsync("alice-term"));
            Assert.Null(await bob.RegisterAsync("bob-term"));
            Assert.Null(await alice.LoginAsync("alice-term"));

            // Fire the whole burst (bob is offline, so everything goes to the store), then SIGTERM once some are acked.
            for (int i = 0; i < Burst; i++)
            {
                alice.Send("bob", $"burst {i}");
            }

            Assert.True(await alice.WaitForAsync(() => alice.Receipts.Count(r => r.State == DeliveryState.Sent) >= 10, TimeSpan.FromSeconds(20)));
            Task<int> terminating = server.TerminateAsync(TimeSpan.FromSeconds(30));
            await alice.DrainAsync(TimeSpan.FromMilliseconds(500)); // receipts sent before the process ended
            exitCode = await terminating;
            await alice.DrainAsync(TimeSpan.FromMilliseconds(200));
            acked = [.. alice.Receipts.Where(r => r.State == DeliveryState.Sent).Select(r => r.MessageId)];
        }

        Assert.Equal(0, exitCode);
        await using (ServerProcess restarted = await ServerProcess.StartAsync(ServerProcess.ChatServerArguments(_data, port), expectedListeners: ["chat"]))
        {
            using var bob = new ChatTestPeer(restarted.Endpoint("chat"), "bob");
            Assert.Null(await bob.LoginAsync("bob-term"));
            Assert.True(await bob.WaitForAsync(() => acked.IsSubsetOf(bob.DeliveredIds), TimeSpan.FromSeconds(60)),
                $"{acked.Except(bob.DeliveredIds).Count()} acked messages missing after the restart");
            await bob.DrainAsync(TimeSpan.FromMilliseconds(500));
            Assert.Equal(bob.DeliveredIds.Count, bob.DeliveredIds.Distinct().Count());
            List<int> order = [.. bob.Deliveries.Select(d => int.Parse(d.Text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))];
            Assert.Equal(order.Order(), order); // in the order they were sent
            Figures.Report(output, $"sigterm: burst of {Burst} messages, SIGTERM after >=10 acks -> exit {exitCode}; {acked.Count} acked before the exit, {bob.Deliveries.Count} stored and delivered after restart, 0 acked lost");
        }
    }
}
