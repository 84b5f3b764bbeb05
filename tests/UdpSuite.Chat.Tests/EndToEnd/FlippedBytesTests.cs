using System.Diagnostics;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using Xunit.Abstractions;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>
/// The real server and real clients through a proxy that flips one random byte in 10% of the datagrams in both
/// directions (issue 15, item 10): a corrupted datagram is dropped as if lost at every stage, handshake and login
/// included, so registrations and logins succeed (a flipped login datagram never reads as a wrong password) and every
/// message arrives once, intact and in order, and is delivered.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FlippedBytesTests(ITestOutputHelper output)
{
    private const int MessageCount = 200;
    private const int LongEvery = 10; // 20 of the 200 span several fragments
    private const int LoginRounds = 24;
    private static readonly string[] Users = ["狗哥alex", "瞎驴", "一棵树"];

    [Fact]
    public async Task Through_10_percent_flipped_bytes_both_ways_logins_succeed_and_every_message_arrives_once_intact_in_order_and_delivered()
    {
        using var data = new TemporaryDirectory();
        await using var server = await ChatServer.StartAsync(data.Path);
        await using var proxy = new LossyUdpProxy(server.ChatEndpoint(), NetworkImpairment.Flipping, seed: 20261125);
        ChatClientOptions options = TestAccounts.FastOptions(deadline: TimeSpan.FromMinutes(2));
        var clock = Stopwatch.StartNew();

        foreach (string user in Users)
        {
            await using var registering = new ChatClient(proxy.Endpoint, options);
            await registering.RegisterAsync(user, TestAccounts.PasswordOf(user));
        }

        // One-shot logins, as `udpsuite send` makes them: each one a new handshake and login through the flipping proxy.
        long flippedBefore = proxy.FlippedToServer + proxy.FlippedToClient;
        for (int round = 0; round < LoginRounds; round++)
        {
            string user = Users[round % Users.Length];
            await using var once = new ChatClient(proxy.Endpoint, options);
            await LoginAsync(once, user);
            await once.LogoutAsync();
        }

        long flippedDuringLogins = proxy.FlippedToServer + proxy.FlippedToClient - flippedBefore;
        output.WriteLine($"{Users.Length} registrations and {LoginRounds} logins in {clock.Elapsed.TotalSeconds:0.0} s, {flippedDuringLogins} datagrams flipped meanwhile; proxy: {proxy.Counts}");
        Assert.True(flippedDuringLogins > 0, "no datagram was flipped during the logins: the test proved nothing about them");

        var clients = new Dictionary<string, ChatClient>();
        var collectors = new Dictionary<string, MessageCollector>();
        try
        {
            foreach (string user in Users)
            {
                clients[user] = new ChatClient(proxy.Endpoint, options);
                await LoginAsync(clients[user], user);
                collectors[user] = new MessageCollector(clients[user]);
            }

            var sent = new List<OutgoingMessage>();
            for (int i = 0; i < MessageCount; i++)
            {
                string from = Users[i % 3];
                string to = Users[(i % 3 + 1 + (i / 3 % 2)) % 3];
                sent.Add(await clients[from].SendAsync(to, TextFor(i, from, to)));
            }

            foreach (string user in Users)
            {
                await collectors[user].WaitForCountAsync(sent.Count(m => m.To == user), TimeSpan.FromSeconds(30));
            }

            output.WriteLine($"{MessageCount} messages received after {clock.Elapsed.TotalSeconds:0.0} s; proxy: {proxy.Counts}");
            foreach (string recipient in Users)
            {
                IReadOnlyList<IncomingMessage> received = collectors[recipient].Messages;
                Assert.Equal(received.Count, received.Select(m => m.Id).Distinct().Count());
                Assert.Equal(sent.Count(m => m.To == recipient), received.Count);
                foreach (string sender in Users.Where(u => u != recipient))
                {
                    string[] expected = [.. sent.Where(m => m.To == recipient && m.Text.StartsWith(sender + "→", StringComparison.Ordinal)).Select(m => m.Text)];
                    string[] actual = [.. received.Where(m => m.From == sender).Select(m => m.Text)];
                    Assert.Equal(expected, actual); // every text byte for byte, in the order it was written
                }
            }

            DeliveryState[] outcomes = await Task.WhenAll(sent.Select(m => m.WaitForAsync(DeliveryState.Delivered))).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.All(outcomes, state => Assert.True(state is DeliveryState.Delivered or DeliveryState.Read, $"state {state}"));
            output.WriteLine($"all {MessageCount} delivered after {clock.Elapsed.TotalSeconds:0.0} s; proxy: {proxy.Counts}");
            Assert.True(proxy.FlippedToServer > 0 && proxy.FlippedToClient > 0, "both directions must have carried flipped datagrams");
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

    /// <summary>Logs in; a refusal here can only be a corrupted datagram taken for an answer, which must never happen.</summary>
    private static async Task LoginAsync(ChatClient client, string user)
    {
        try
        {
            await client.LoginAsync(user, TestAccounts.PasswordOf(user));
        }
        catch (ChatException ex) when (ex.Code == ChatErrorCode.AuthenticationFailed)
        {
            Assert.Fail($"a corrupted datagram surfaced as a login refusal for {user}: {ex.Message}");
        }
    }

    /// <summary>Short ASCII, CJK and emoji, and every tenth about 3.5 KiB (4 fragments); each names sender, recipient and index.</summary>
    private static string TextFor(int index, string from, string to)
    {
        string head = $"{from}→{to} #{index:D3} ";
        return (index % LongEvery, index % 3) switch
        {
            (5, _) => head + string.Concat(Enumerable.Repeat("长消息 long message 🚀 ", 3500 / 30)),
            (_, 1) => head + "你好，世界！今天天气很好。",
            (_, 2) => head + "emoji 😀👍🏽🇨🇳👨‍👩‍👧",
            _ => head + "hi",
        };
    }
}
