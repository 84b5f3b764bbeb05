using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Chat.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class OfflineDeliveryTests
{
    [Fact]
    public async Task Messages_to_a_logged_out_user_arrive_in_order_at_the_next_login_and_the_sender_sees_delivered()
    {
        using var data = new TemporaryDirectory();
        await using var server = await ChatServer.StartAsync(data.Path);
        await using ChatClient alice = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "alice");
        await using (ChatClient bobBefore = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "武大郎"))
        {
            await bobBefore.LogoutAsync();
        }

        var sent = new List<OutgoingMessage>();
        for (int i = 0; i < 30; i++)
        {
            sent.Add(await alice.SendAsync("武大郎", $"offline #{i:D2} 你在吗"));
        }

        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            DeliveryState[] stored = await Task.WhenAll(sent.Select(m => m.WaitForAsync(DeliveryState.Sent, limit.Token)));
            Assert.All(stored, s => Assert.Equal(DeliveryState.Sent, s));
        }

        await using var bob = new ChatClient(server.ChatEndpoint(), TestAccounts.FastOptions());
        await using var inbox = new MessageCollector(bob);
        await bob.LoginAsync("武大郎", TestAccounts.PasswordOf("武大郎"));
        await inbox.WaitForCountAsync(30, TimeSpan.FromSeconds(30));

        Assert.Equal(sent.Select(m => m.Text), inbox.Messages.Select(m => m.Text));
        Assert.Equal(sent.Select(m => m.Id), inbox.Messages.Select(m => m.Id));
        Assert.All(inbox.Messages, m => Assert.Equal("alice", m.From));
        using var delivered = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Task.WhenAll(sent.Select(m => m.WaitForAsync(DeliveryState.Delivered, delivered.Token)));
    }
}
