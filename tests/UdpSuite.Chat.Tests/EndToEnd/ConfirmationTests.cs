using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>
/// "Delivered" means the consumer took it: a message counts as delivered only after <see cref="ChatClient.Confirm"/>;
/// an unconfirmed one comes again at the next login (1:1 and group), and a resubmitted id is stored once.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ConfirmationTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 120_000)]
    public async Task An_unconfirmed_message_comes_again_at_the_next_login_and_a_confirmed_one_does_not()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        await using ChatClient alice = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "alice");
        await TestAccounts.RegisterAsync(server.ChatEndpoint(), "bob");
        var sent = new List<OutgoingMessage>();
        foreach (string text in new[] { "一 first", "二 second 🙂", "三 third" })
        {
            sent.Add(await alice.SendAsync("bob", text));
        }

        await WaitAllAsync(sent, DeliveryState.Sent);

        await using (var bob = new ChatClient(server.ChatEndpoint(), TestAccounts.FastOptions()))
        {
            await bob.LoginAsync("bob", TestAccounts.PasswordOf("bob"));
            var taken = new List<IncomingMessage>();
            await foreach (IncomingMessage message in bob.ReadMessagesAsync().WithCancellation(new CancellationTokenSource(Limit).Token))
            {
                taken.Add(message);
                if (taken.Count == 3)
                {
                    break;
                }
            }

            Assert.Equal(sent.Select(m => m.Id), taken.Select(m => m.Id));
            Assert.True(bob.Confirm(taken[0]));
            Assert.False(bob.Confirm(taken[0])); // once is enough
            Assert.Equal(DeliveryState.Delivered, await sent[0].WaitForAsync(DeliveryState.Delivered).WaitAsync(Limit));
        }

        // Only the first was confirmed before bob's client went away: the server never heard "delivered" for the others.
        Assert.Equal(DeliveryState.Sent, sent[1].State);
        Assert.Equal(DeliveryState.Sent, sent[2].State);

        await using var bobAgain = new ChatClient(server.ChatEndpoint(), TestAccounts.FastOptions());
        await using var inbox = new MessageCollector(bobAgain);
        await bobAgain.LoginAsync("bob", TestAccounts.PasswordOf("bob"));
        await inbox.WaitForCountAsync(2, Limit);
        await WaitAllAsync(sent, DeliveryState.Delivered);

        Assert.Equal(sent.Skip(1).Select(m => m.Id), inbox.Messages.Select(m => m.Id));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_message_submitted_again_under_its_id_by_a_restarted_sender_is_stored_and_delivered_once()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        await TestAccounts.RegisterAsync(server.ChatEndpoint(), "bob");
        Guid id = Guid.NewGuid();
        ulong firstSequence;
        await using (ChatClient alice = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "alice"))
        {
            OutgoingMessage first = await alice.SendAsync(id, "bob", "只一次 once", Timeout.InfiniteTimeSpan);
            Assert.Equal(DeliveryState.Sent, await first.WaitForAsync(DeliveryState.Sent).WaitAsync(Limit));
            firstSequence = first.ServerSequence;
        }

        await using var aliceAgain = new ChatClient(server.ChatEndpoint(), TestAccounts.FastOptions());
        await aliceAgain.LoginAsync("alice", TestAccounts.PasswordOf("alice"));
        OutgoingMessage again = await aliceAgain.SendAsync(id, "bob", "只一次 once", Timeout.InfiniteTimeSpan);
        OutgoingMessage marker = await aliceAgain.SendAsync("bob", "marker after the resubmission");
        await WaitAllAsync([again, marker], DeliveryState.Sent);
        Assert.Equal(firstSequence, again.ServerSequence);

        await using var bob = new ChatClient(server.ChatEndpoint(), TestAccounts.FastOptions());
        await using var inbox = new MessageCollector(bob);
        await bob.LoginAsync("bob", TestAccounts.PasswordOf("bob"));
        await inbox.WaitForCountAsync(2, Limit);
        await marker.WaitForAsync(DeliveryState.Delivered).WaitAsync(Limit);

        Assert.Equal([id, marker.Id], inbox.Messages.Select(m => m.Id));
    }

    [Fact(Timeout = 120_000)]
    public async Task An_unconfirmed_group_message_comes_again_at_the_members_next_login()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        await using ChatClient alice = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "alice");
        await alice.CreateGroupAsync("饭友");
        await using (ChatClient bobFirst = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "bob"))
        {
            await bobFirst.JoinGroupAsync("饭友");
            await bobFirst.LogoutAsync();
        }

        OutgoingMessage posted = await alice.SendToGroupAsync("饭友", "群消息 🍜");
        Assert.Equal(DeliveryState.Sent, await posted.WaitForAsync(DeliveryState.Sent).WaitAsync(Limit));

        Guid taken;
        await using (var bob = new ChatClient(server.ChatEndpoint(), TestAccounts.FastOptions()))
        {
            await bob.LoginAsync("bob", TestAccounts.PasswordOf("bob"));
            using var limit = new CancellationTokenSource(Limit);
            IncomingMessage message = await bob.Incoming.ReadAsync(limit.Token);
            Assert.Equal("饭友", message.Group);
            taken = message.Id; // read, never confirmed
        }

        await using var bobAgain = new ChatClient(server.ChatEndpoint(), TestAccounts.FastOptions());
        await using var inbox = new MessageCollector(bobAgain);
        await bobAgain.LoginAsync("bob", TestAccounts.PasswordOf("bob"));
        await inbox.WaitForCountAsync(1, Limit);

        Assert.Equal(taken, inbox.Messages[0].Id);
        Assert.Equal("群消息 🍜", inbox.Messages[0].Text);
        Assert.Equal(DeliveryState.Delivered, await posted.WaitForAsync(DeliveryState.Delivered).WaitAsync(Limit));
    }

    private static async Task WaitAllAsync(IEnumerable<OutgoingMessage> messages, DeliveryState wanted)
    {
        using var limit = new CancellationTokenSource(Limit);
        DeliveryState[] reached = await Task.WhenAll(messages.Select(m => m.WaitForAsync(wanted, limit.Token)));
        Assert.All(reached, state => Assert.Equal(wanted, state));
    }
}
