using System.Diagnostics;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using Xunit.Abstractions;

namespace UdpSuite.Chat.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class LossyGroupTests(ITestOutputHelper output)
{
    private const int MessageCount = 500;
    private const string Group = "同事们";
    private static readonly string[] Senders = ["狗哥alex", "瞎驴"];
    private const string Listener = "一棵树";
    private const string Intermittent = "武大郎";

    /// <summary>
    /// Two members post 250 messages each, concurrently, so the group's order is decided by the server, not by one
    /// sender; a third member listens throughout; the fourth is online for the first fifth or so of the commits, offline
    /// (logged out) for about the next half, and back for the rest (it logs in again with the same client, which
    /// remembers what it already showed, as a real client's history does). All through 30% loss, 10% duplication, reordering.
    /// </summary>
    [Fact]
    public async Task Through_30_percent_loss_500_group_messages_reach_every_member_exactly_once_in_one_order_even_one_offline_for_half_the_run()
    {
        using var data = new TemporaryDirectory();
        await using var server = await ChatServer.StartAsync(data.Path);
        // Accounts and the group are set up over a clean path; the damage starts with the first message.
        await using var proxy = new LossyUdpProxy(server.ChatEndpoint(), NetworkImpairment.None, seed: 20261124);
        ChatClientOptions options = TestAccounts.FastOptions(deadline: TimeSpan.FromMinutes(3));
        string[] members = [.. Senders, Listener, Intermittent];
        var clients = new Dictionary<string, ChatClient>();
        var inboxes = new Dictionary<string, MessageCollector>();
        try
        {
            foreach (string user in members)
            {
                clients[user] = await TestAccounts.RegisterAndLoginAsync(proxy.Endpoint, user, options);
                inboxes[user] = new MessageCollector(clients[user]);
            }

            await clients[Senders[0]].CreateGroupAsync(Group, "暗号");
            foreach (string user in members.Skip(1))
            {
                await clients[user].JoinGroupAsync(Group, "暗号");
            }

            proxy.Impairment = NetworkImpairment.Hostile;
            var clock = Stopwatch.StartNew();
            var sent = new List<OutgoingMessage>();
            for (int i = 0; i < MessageCount; i++)
            {
                string from = Senders[i % 2];
                sent.Add(await clients[from].SendToGroupAsync(Group, TextFor(i, from)));
            }

            // Logging out takes a moment (the client first waits for its receipts to be confirmed): start it at a fifth.
            await WaitUntilAsync(() => sent.Count(m => m.State >= DeliveryState.Sent) >= MessageCount / 5, TimeSpan.FromSeconds(60), "a fifth committed");
            await clients[Intermittent].LogoutAsync();
            int committedAtLogout = sent.Count(m => m.State >= DeliveryState.Sent);
            TimeSpan loggedOutAt = clock.Elapsed;
            await WaitUntilAsync(() => sent.Count(m => m.State >= DeliveryState.Sent) >= MessageCount * 4 / 5, TimeSpan.FromSeconds(60), "four fifths committed");
            int receivedWhileAway = inboxes[Intermittent].Messages.Count;
            await clients[Intermittent].LoginAsync(Intermittent, TestAccounts.PasswordOf(Intermittent));
            output.WriteLine($"{Intermittent} offline from {loggedOutAt.TotalSeconds:0.0} s to {clock.Elapsed.TotalSeconds:0.0} s, from about {committedAtLogout} to {sent.Count(m => m.State >= DeliveryState.Sent)} committed; had {receivedWhileAway} before");

            foreach (string user in members)
            {
                int expected = sent.Count(m => !SentBy(m, user));
                await inboxes[user].WaitForCountAsync(expected, TimeSpan.FromSeconds(90));
            }

            output.WriteLine($"{MessageCount} group messages received by all in {clock.Elapsed.TotalSeconds:0.0} s; proxy forwarded {proxy.Forwarded}, dropped {proxy.Dropped}, duplicated {proxy.Duplicated}, delayed {proxy.Delayed}");

            // One order: the group log. Listener and Intermittent got all 500, each once, in group-sequence order 1..500.
            Guid[] log = [.. inboxes[Listener].Messages.Select(m => m.GroupMessageId)];
            foreach (string user in new[] { Listener, Intermittent })
            {
                IReadOnlyList<IncomingMessage> got = inboxes[user].Messages;
                Assert.Equal(MessageCount, got.Count);
                Assert.Equal(MessageCount, got.Select(m => m.Id).Distinct().Count());
                Assert.Equal(Enumerable.Range(1, MessageCount).Select(k => (ulong)k), got.Select(m => m.GroupSequence));
                Assert.Equal(log, got.Select(m => m.GroupMessageId));
                Assert.All(got, m => Assert.Equal(Group, m.Group));
            }

            Assert.Equal(sent.Select(m => m.Id).Order(), log.Order());

            // Each sender got the other's 250, each once, in the log's order; its own messages kept their written order.
            foreach (string sender in Senders)
            {
                Guid[] others = [.. log.Where(id => !SentBy(sent.Single(m => m.Id == id), sender))];
                Assert.Equal(others, inboxes[sender].Messages.Select(m => m.GroupMessageId));
                Guid[] own = [.. sent.Where(m => SentBy(m, sender)).Select(m => m.Id)];
                Assert.Equal(own, log.Where(own.Contains));
            }

            // The sender's group sequence (from RECEIPT sent) is the message's place in the log.
            Assert.All(sent, m => Assert.Equal(m.Id, log[(int)m.ServerSequence - 1]));

            // And the senders' counts reach 3 of 3 delivered.
            Task<DeliveryState[]> allDelivered = Task.WhenAll(sent.Select(m => m.WaitForAsync(DeliveryState.Delivered)));
            await Task.WhenAny(allDelivered, Task.Delay(TimeSpan.FromSeconds(30)));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: " + string.Join(", ", sent.GroupBy(m => m.State).Select(g => $"{g.Key} {g.Count()}")));
            Assert.True(allDelivered.IsCompleted, "not every group message was reported delivered to all members within 30 s");
            Assert.All(sent, m => Assert.Equal(new GroupDeliveryCounts(3, 3, 0), m.GroupCounts));
        }
        finally
        {
            foreach (MessageCollector inbox in inboxes.Values)
            {
                await inbox.DisposeAsync();
            }

            foreach (ChatClient client in clients.Values)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static bool SentBy(OutgoingMessage message, string sender) => message.Text.StartsWith(sender + ":", StringComparison.Ordinal);

    /// <summary>Each text names sender and index; every 50th is 5 KiB (5 fragments), so fragments are lost and reordered too.</summary>
    private static string TextFor(int index, string from)
    {
        string head = $"{from}: #{index:D3} ";
        return index % 50 == 7 ? head + string.Concat(Enumerable.Repeat("群消息 group 🚀 ", 5 * 1024 / 22)) : head + "大家好，今天开会吗？";
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"not {what} within {timeout}");
            }

            await Task.Delay(20);
        }
    }
}
