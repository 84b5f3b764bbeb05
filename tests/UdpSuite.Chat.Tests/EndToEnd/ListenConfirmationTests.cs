using System.Text.Json;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>
/// The command line's receiving paths as real processes: <c>listen --json</c> prints a backlog in order and only then
/// confirms it, <c>listen --confirm-stdin</c> killed with SIGKILL before its consumer confirmed leaves the message for
/// the next login, and <c>send</c> never takes the messages waiting for its user.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ListenConfirmationTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 180_000)]
    public async Task A_backlog_of_20_CJK_and_emoji_messages_comes_out_of_listen_json_in_order_and_is_delivered()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        await TestAccounts.RegisterAsync(server.ChatEndpoint(), "bob");
        await using ChatClient alice = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "alice");
        List<OutgoingMessage> sent = await SendBacklogAsync(alice, "bob", 20);

        var listened = await CliProcess.RunAsync(["listen", "--server", server.ChatEndpoint().ToString(), "--user", "bob", "--json", "--count", "20"], Env("bob"), Limit);

        Assert.True(listened.ExitCode == 0, listened.StandardError);
        string[] texts = [.. MessageLines(listened.StandardOutput).Select(root => root.GetProperty("text").GetString()!)];
        Assert.Equal(sent.Select(m => m.Text), texts);
        await WaitAllAsync(sent, DeliveryState.Delivered);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_listener_killed_before_its_consumer_confirmed_gets_the_message_again_at_the_next_login()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        await TestAccounts.RegisterAsync(server.ChatEndpoint(), "bob");
        await using ChatClient alice = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "alice");
        OutgoingMessage message = (await SendBacklogAsync(alice, "bob", 1))[0];
        string[] listen = ["listen", "--server", server.ChatEndpoint().ToString(), "--user", "bob", "--json", "--confirm-stdin"];

        await using (CliProcess first = CliProcess.Start(listen, Env("bob"), keepInput: true))
        {
            await first.WaitForLinesAsync(IsMessage, 1, Limit); // received and printed; the consumer never confirms
            await first.KillAsync();
        }

        Assert.Equal(DeliveryState.Sent, message.State);
        await using CliProcess second = CliProcess.Start([.. listen, "--count", "1"], Env("bob"), keepInput: true);
        IReadOnlyList<string> again = await second.WaitForLinesAsync(IsMessage, 1, Limit);
        Assert.Equal(message.Id.ToString(), JsonDocument.Parse(again[0]).RootElement.GetProperty("id").GetString());
        await second.WriteLineAsync(message.Id.ToString());
        var result = await second.WaitAsync(Limit);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(DeliveryState.Delivered, await message.WaitForAsync(DeliveryState.Delivered).WaitAsync(Limit));
    }

    [Fact(Timeout = 180_000)]
    public async Task Listen_refuses_a_confirmation_for_another_message_and_leaves_it_undelivered()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        await TestAccounts.RegisterAsync(server.ChatEndpoint(), "bob");
        await using ChatClient alice = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "alice");
        OutgoingMessage message = (await SendBacklogAsync(alice, "bob", 1))[0];
        await using CliProcess listen = CliProcess.Start(
            ["listen", "--server", server.ChatEndpoint().ToString(), "--user", "bob", "--json", "--confirm-stdin"], Env("bob"), keepInput: true);
        await listen.WaitForLinesAsync(IsMessage, 1, Limit);

        await listen.WriteLineAsync(Guid.NewGuid().ToString());
        var result = await listen.WaitAsync(Limit);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"expected the confirmation '{message.Id}'", result.StandardError);
        Assert.Equal(DeliveryState.Sent, message.State);
    }

    [Fact(Timeout = 180_000)]
    public async Task Send_never_takes_the_messages_waiting_for_its_user()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        await TestAccounts.RegisterAsync(server.ChatEndpoint(), "bob");
        await using ChatClient alice = await TestAccounts.RegisterAndLoginAsync(server.ChatEndpoint(), "alice");
        List<OutgoingMessage> waiting = await SendBacklogAsync(alice, "bob", 3);

        var send = await CliProcess.RunAsync(["send", "--server", server.ChatEndpoint().ToString(), "--user", "bob", "--to", "alice", "hi 你好"], Env("bob"), Limit);
        Assert.True(send.ExitCode == 0, send.StandardError);
        Assert.All(waiting, m => Assert.Equal(DeliveryState.Sent, m.State));

        var listened = await CliProcess.RunAsync(["listen", "--server", server.ChatEndpoint().ToString(), "--user", "bob", "--json", "--count", "3"], Env("bob"), Limit);
        Assert.True(listened.ExitCode == 0, listened.StandardError);
        Assert.Equal(waiting.Select(m => m.Id.ToString()), MessageLines(listened.StandardOutput).Select(root => root.GetProperty("id").GetString()));
    }

    private static async Task<List<OutgoingMessage>> SendBacklogAsync(ChatClient from, string to, int count)
    {
        var sent = new List<OutgoingMessage>();
        for (int i = 1; i <= count; i++)
        {
            sent.Add(await from.SendAsync(to, $"离线 {i:D2} 你好 🙂🍜 \"quoted\" #{i}"));
        }

        await WaitAllAsync(sent, DeliveryState.Sent);
        return sent;
    }

    private static async Task WaitAllAsync(IEnumerable<OutgoingMessage> messages, DeliveryState wanted)
    {
        using var limit = new CancellationTokenSource(Limit);
        DeliveryState[] reached = await Task.WhenAll(messages.Select(m => m.WaitForAsync(wanted, limit.Token)));
        Assert.All(reached, state => Assert.Equal(wanted, state));
    }

    private static bool IsMessage(string line) => line.Contains("\"type\":\"message\"", StringComparison.Ordinal);

    private static IEnumerable<JsonElement> MessageLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(IsMessage).Select(line => JsonDocument.Parse(line).RootElement);

    private static Dictionary<string, string?> Env(string user) => new() { ["UDPSUITE_PASSWORD"] = TestAccounts.PasswordOf(user) };
}
