using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Integration;
using Xunit.Abstractions;

namespace UdpSuite.Chat.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class ServerCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_SIGKILL_and_restart_on_the_same_data_every_message_acked_sent_is_delivered_once()
    {
        using var data = new TemporaryDirectory();
        ServerProcess server = await ChatServer.StartAsync(data.Path);
        int port = server.ChatEndpoint().Port;
        ChatClient? alice = null;
        ChatClient? bob = null;
        MessageCollector? inbox = null;
        try
        {
            alice = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "alice", TestAccounts.FastOptions(TimeSpan.FromSeconds(60)));
            bob = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "bob", TestAccounts.FastOptions());
            inbox = new MessageCollector(bob);

            // A stream of messages; the server dies while it is being written.
            var sent = new List<OutgoingMessage>();
            for (int i = 0; i < 400; i++)
            {
                sent.Add(await alice.SendAsync("bob", $"crash stream #{i:D4} 崩溃"));
            }

            using (var enough = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await sent[100].WaitForAsync(DeliveryState.Sent, enough.Token);
            }

            await server.DisposeAsync(); // SIGKILL: Process.Kill, no graceful shutdown
            await Task.Delay(100); // datagrams already in the sockets settle
            HashSet<Guid> ackedSent = [.. sent.Where(m => m.State is DeliveryState.Sent or DeliveryState.Delivered or DeliveryState.Read).Select(m => m.Id)];
            output.WriteLine($"{ackedSent.Count} of {sent.Count} acked sent before the kill; bob had {inbox.Messages.Count}");
            Assert.NotEmpty(ackedSent);
            Assert.True(ackedSent.Count < sent.Count, "the kill should land mid-stream");

            server = await ChatServer.StartAsync(data.Path, port);
            // Alice logs in again explicitly; bob's client notices the silence and resumes the session by itself.
            await alice.LoginAsync("alice", TestAccounts.PasswordOf("alice"));

            using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                await Task.WhenAll(sent.Where(m => ackedSent.Contains(m.Id)).Select(m => m.WaitForAsync(DeliveryState.Delivered, limit.Token)));
            }

            await Task.Delay(500); // any duplicate would show up now
            IReadOnlyList<IncomingMessage> received = inbox.Messages;
            Assert.Equal(received.Count, received.Select(m => m.Id).Distinct().Count());
            Assert.Superset(ackedSent, received.Select(m => m.Id).ToHashSet());
            int[] order = [.. received.Select(m => int.Parse(m.Text.AsSpan(14, 4), System.Globalization.CultureInfo.InvariantCulture))];
            Assert.Equal(order.Order(), order);
        }
        finally
        {
            if (inbox is not null)
            {
                await inbox.DisposeAsync();
            }

            if (alice is not null)
            {
                await alice.DisposeAsync();
            }

            if (bob is not null)
            {
                await bob.DisposeAsync();
            }

            await server.DisposeAsync();
        }
    }
}
