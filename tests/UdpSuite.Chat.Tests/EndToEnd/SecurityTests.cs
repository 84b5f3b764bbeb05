using System.Text;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class SecurityTests
{
    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_are_refused_the_same_way()
    {
        using var data = new TemporaryDirectory();
        await using var server = await ChatServer.StartAsync(data.Path);
        await TestAccounts.RegisterAsync(server.ChatEndpoint(), "alice");
        await using var client = new ChatClient(server.ChatEndpoint(), TestAccounts.FastOptions());

        var wrong = await Assert.ThrowsAsync<ChatException>(() => client.LoginAsync("alice", "not-the-password"));
        var unknown = await Assert.ThrowsAsync<ChatException>(() => client.LoginAsync("nobody", "whatever"));

        Assert.Equal(ChatErrorCode.AuthenticationFailed, wrong.Code);
        Assert.Equal(ChatErrorCode.AuthenticationFailed, unknown.Code);
        Assert.False(client.IsLoggedIn);
        await client.LoginAsync("alice", TestAccounts.PasswordOf("alice"));
        Assert.True(client.IsLoggedIn);
    }

    [Fact]
    public async Task No_password_appears_in_the_data_directory_or_the_server_output()
    {
        using var data = new TemporaryDirectory();
        ServerProcess server = await ChatServer.StartAsync(data.Path);
        string[] users = ["alice", "一棵树"];
        try
        {
            await using (ChatClient alice = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), users[0]))
            await using (ChatClient tree = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), users[1]))
            await using (var inbox = new MessageCollector(tree)) // "delivered" needs a consumer that takes the message
            {
                OutgoingMessage message = await alice.SendAsync(users[1], "hello");
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                Assert.Equal(DeliveryState.Delivered, await message.WaitForAsync(DeliveryState.Delivered, limit.Token));
                await using var intruder = new ChatClient(server.ChatEndpoint(), TestAccounts.FastOptions());
                await Assert.ThrowsAsync<ChatException>(() => intruder.LoginAsync(users[0], "wrong-" + TestAccounts.PasswordOf(users[0])));
            }

            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(20)));
            string[] files = Directory.GetFiles(data.Path, "*", SearchOption.AllDirectories);
            Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal) || f.EndsWith(".sqlite", StringComparison.Ordinal) || f.Contains(".db-", StringComparison.Ordinal));
            byte[] logs = Encoding.UTF8.GetBytes(string.Join('\n', server.StandardOutput) + "\n" + server.StandardError);
            foreach (string user in users)
            {
                string password = TestAccounts.PasswordOf(user);
                foreach (byte[] needle in new[] { Encoding.UTF8.GetBytes(password), Encoding.Unicode.GetBytes(password) })
                {
                    foreach (string file in files)
                    {
                        Assert.False(Contains(await File.ReadAllBytesAsync(file), needle), $"{file} contains the password of {user}");
                    }

                    Assert.False(Contains(logs, needle), $"the server output contains the password of {user}");
                }
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
