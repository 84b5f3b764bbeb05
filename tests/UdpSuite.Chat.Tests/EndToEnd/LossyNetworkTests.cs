using System.Diagnostics;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using Xunit.Abstractions;

namespace UdpSuite.Chat.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class LossyNetworkTests(ITestOutputHelper output)
{
    private const int MessageCount = 2000;
    private const int LargeEvery = 333; // 6 of the 2,000 are 20 KiB (18 fragments each), one per conversation's worth of time
    private static readonly string[] Users = ["狗哥alex", "瞎驴", "一棵树"];

    [Fact]
    public async Task Through_30_percent_loss_duplication_and_reordering_2000_messages_arrive_exactly_once_in_order_and_are_delivered()
    {
        using var data = new TemporaryDirectory();
        await using var server = await ChatServer.StartAsync(data.Path);
        await using var proxy = new LossyUdpProxy(server.ChatEndpoint(), NetworkImpairment.Hostile, seed: 20261124);
        ChatClientOptions options = TestAccounts.FastOptions(deadline: TimeSpan.FromMinutes(3));
        var clients = new Dictionary<string, ChatClient>();
        var collectors = new Dictionary<string, MessageCollector>();
        try
        {
            foreach (string user in Users)
            {
                clients[user] = await TestAccounts.RegisterAndLoginAsync(proxy.Endpoint, user, options);
                collectors[user] = new MessageCollector(clients[user]);
            }

            var clock = Stopwatch.StartNew();
            var sent = new List<OutgoingMessage>();
            for (int i = 0; i < MessageCount; i++)
            {
                string from = Users[i % 3];
                string to = Users[(i % 3 + 1 + (i / 3 % 2)) % 3];
                sent.Add(await clients[from].SendAsync(to, TextFor(i, from, to)));
            }

            foreach (string user in Users)
            {
                await collectors[user].WaitForCountAsync(sent.Count(m => m.To == user), TimeSpan.FromSeconds(80));
            }

            output.WriteLine($"{MessageCount} messages received in {clock.Elapsed.TotalSeconds:0.0} s; proxy forwarded {proxy.Forwarded}, dropped {proxy.Dropped}, duplicated {proxy.Duplicated}, delayed {proxy.Delayed}");
            foreach (string recipient in Users)
            {
                IReadOnlyList<IncomingMessage> received = collectors[recipient].Messages;
                Assert.Equal(received.Count, received.Select(m => m.Id).Distinct().Count());
                foreach (string sender in Users.Where(u => u != recipient))
                {
                    string[] expected = [.. sent.Where(m => m.To == recipient && SentBy(m, sender)).Select(m => m.Text)];
                    string[] actual = [.. received.Where(m => m.From == sender).Select(m => m.Text)];
                    Assert.Equal(expected, actual);
                }
            }

            Task<DeliveryState[]> allDelivered = Task.WhenAll(sent.Select(m => m.WaitForAsync(DeliveryState.Delivered)));
            for (int round = 0; round < 6 && !allDelivered.IsCompleted; round++)
            {
                await Task.WhenAny(allDelivered, Task.Delay(TimeSpan.FromSeconds(5)));
                output.WriteLine($"{clock.Elapsed.TotalSeconds:0} s: " + string.Join(", ", sent.GroupBy(m => m.State).Select(g => $"{g.Key} {g.Count()}"))
                    + "; received " + string.Join(", ", Users.Select(u => $"{u} {collectors[u].Messages.Count}")));
            }

            Assert.True(allDelivered.IsCompleted, "not every message was delivered within 30 s after arriving");
            DeliveryState[] outcomes = await allDelivered;
            output.WriteLine($"all delivered after {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.All(outcomes, state => Assert.True(state is DeliveryState.Delivered or DeliveryState.Read, $"state {state}"));
        }
        finally
        {
            foreach (MessageCollector collector in collectors.Values)
            {
                await collector.DisposeAsync();
            }

            foreach (ChatClient client in clients.Values)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static bool SentBy(OutgoingMessage message, string sender) => message.Text.StartsWith(sender + "→", StringComparison.Ordinal);

    /// <summary>Short ASCII, CJK, emoji, and six of 20 KiB; each names sender, recipient and index so any loss, duplicate or swap shows.</summary>
    private static string TextFor(int index, string from, string to)
    {
        string head = $"{from}→{to} #{index:D4} ";
        return (index % LargeEvery, index % 4) switch
        {
            (7, _) => head + string.Concat(Enumerable.Repeat("大消息 big message 🚀 ", 20 * 1024 / 30)),
            (_, 1) => head + "你好，世界！今天天气很好。",
            (_, 2) => head + "emoji 😀👍🏽🇨🇳👨‍👩‍👧",
            _ => head + "hi",
        };
    }
}
