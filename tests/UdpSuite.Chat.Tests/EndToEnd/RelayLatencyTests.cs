using System.Diagnostics;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using Xunit.Abstractions;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>
/// Relay latency on loopback at light load: 500 messages one after another, each timed from SendAsync until the
/// sender sees "delivered" (client → server → store commit → recipient → receipt → server → sender).
/// Run: dotnet test tests/UdpSuite.Chat.Tests --filter RelayLatency --logger "console;verbosity=detailed"
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RelayLatencyTests(ITestOutputHelper output)
{
    private const int Count = 500;

    [Fact]
    public async Task RelayLatency_send_to_delivered_on_loopback_for_500_sequential_messages()
    {
        using var data = new TemporaryDirectory();
        await using var server = await ChatServer.StartAsync(data.Path);
        await using ChatClient alice = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "alice");
        await using ChatClient bob = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "bob");
        await using var inbox = new MessageCollector(bob);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        for (int i = 0; i < 20; i++)
        {
            await (await alice.SendAsync("bob", "warm-up")).WaitForAsync(DeliveryState.Delivered, limit.Token);
        }

        var sentMs = new double[Count];
        var deliveredMs = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            long started = Stopwatch.GetTimestamp();
            OutgoingMessage message = await alice.SendAsync("bob", $"latency #{i}");
            Assert.NotEqual(DeliveryState.Failed, await message.WaitForAsync(DeliveryState.Sent, limit.Token));
            sentMs[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Assert.NotEqual(DeliveryState.Failed, await message.WaitForAsync(DeliveryState.Delivered, limit.Token));
            deliveredMs[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        output.WriteLine($"send→sent      p50 {Percentile(sentMs, 0.50):0.00} ms  p99 {Percentile(sentMs, 0.99):0.00} ms  max {sentMs.Max():0.00} ms");
        output.WriteLine($"send→delivered p50 {Percentile(deliveredMs, 0.50):0.00} ms  p99 {Percentile(deliveredMs, 0.99):0.00} ms  max {deliveredMs.Max():0.00} ms");
        Assert.True(Percentile(deliveredMs, 0.50) < 250, "a loopback relay should deliver well under a quarter second");
    }

    private static double Percentile(double[] values, double share)
    {
        double[] sorted = [.. values.Order()];
        return sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
