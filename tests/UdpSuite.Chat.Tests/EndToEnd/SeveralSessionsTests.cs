using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>
/// Several sessions per account against the real server process (docs/PROTOCOL.md, "Sessions and devices"): two
/// receiving sessions of one user beside one-shot commands of that user, copies of sent messages, read sync, the chosen
/// presence across a server restart, and history paged by a new device.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SeveralSessionsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> Env(string user) => new() { ["UDPSUITE_PASSWORD"] = TestAccounts.PasswordOf(user) };

    [Fact]
    public async Task Two_receiving_sessions_get_every_message_while_one_shot_commands_of_the_user_run_and_the_watcher_never_sees_the_user_offline()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        string address = server.ChatEndpoint().ToString();
        foreach (string user in new[] { "alice", "bob" })
        {
            await TestAccounts.RegisterAsync(server.ChatEndpoint(), user);
        }

        await using ChatClient laptop = await LoginAsync(server, "bob", new ChatDevice(0xB0B1, "laptop (chat)"));
        await using ChatClient desktop = await LoginAsync(server, "bob", new ChatDevice(0xB0B2, "desktop (listen)"));
        await using ChatClient alice = await LoginAsync(server, "alice", new ChatDevice(0xA11CE, "alice-pc (chat)"));
        using var aliceSees = new PresenceCollector(alice);
        await alice.AddContactAsync("bob");
        await using var onLaptop = new MessageCollector(laptop);
        await using var onDesktop = new MessageCollector(desktop);
        await using var onAlice = new MessageCollector(alice); // alice's client confirms what bob sends her
        var readOnDesktop = new List<Guid>();
        desktop.ReadElsewhere += (_, e) =>
        {
            lock (readOnDesktop)
            {
                readOnDesktop.Add(e.MessageId);
            }
        };
        await aliceSees.WaitForAsync(e => e.Any(p => p.User == "bob" && p.State == PresenceState.Online), Limit, "bob online");

        const int Rounds = 3;
        for (int round = 0; round < Rounds; round++)
        {
            var sent = await CliProcess.RunAsync(["send", "--server", address, "--user", "bob", "--to", "alice", $"one-shot {round}"], Env("bob"), Limit);
            Assert.True(sent.ExitCode == 0, sent.StandardError);
            var looked = await CliProcess.RunAsync(["presence", "--server", address, "--user", "bob"], Env("bob"), Limit);
            Assert.True(looked.ExitCode == 0, looked.StandardError);
            OutgoingMessage toBob = await alice.SendAsync("bob", $"to bob {round}");
            await toBob.WaitForAsync(DeliveryState.Delivered).WaitAsync(Limit);
        }

        await onLaptop.WaitForCountAsync(Rounds * 2, Limit); // alice's messages and the copies of the one-shot sends
        await onDesktop.WaitForCountAsync(Rounds * 2, Limit);
        foreach (MessageCollector device in new[] { onLaptop, onDesktop })
        {
            Assert.Equal(Enumerable.Range(0, Rounds).Select(r => $"to bob {r}"), device.Messages.Where(m => !m.IsOutgoing).Select(m => m.Text));
            Assert.Equal(Enumerable.Range(0, Rounds).Select(r => $"one-shot {r}"), device.Messages.Where(m => m.IsOutgoing).Select(m => m.Text));
        }

        // A message sent from the laptop shows on the desktop as outgoing, and not on the laptop.
        OutgoingMessage fromLaptop = await laptop.SendAsync("alice", "from the laptop");
        await fromLaptop.WaitForAsync(DeliveryState.Delivered).WaitAsync(Limit);
        await onDesktop.WaitForCountAsync(Rounds * 2 + 1, Limit);
        IncomingMessage copy = onDesktop.Messages[^1];
        Assert.Equal((fromLaptop.Id, "bob", "alice", "from the laptop", true), (copy.Id, copy.From, copy.To, copy.Text, copy.IsOutgoing));
        Assert.DoesNotContain(onLaptop.Messages, m => m.Text == "from the laptop");

        // Read on the laptop: the desktop hears it (its unread mark clears), and alice sees "read".
        OutgoingMessage readMe = await alice.SendAsync("bob", "read me");
        await onLaptop.WaitForCountAsync(Rounds * 2 + 1, Limit);
        await laptop.MarkReadAsync(readMe.Id);
        await readMe.WaitForAsync(DeliveryState.Read).WaitAsync(Limit);
        await WaitUntilAsync(() => { lock (readOnDesktop) { return readOnDesktop.Contains(readMe.Id); } }, "READ_SYNC on the desktop");

        Assert.DoesNotContain(PresenceState.Offline, aliceSees.StatesOf("bob").SkipWhile(s => s != PresenceState.Online)); // no flapping
        var sessions = await CliProcess.RunAsync(["sessions", "--server", address, "--user", "bob"], Env("bob"), Limit);
        Assert.True(sessions.ExitCode == 0, sessions.StandardError);
        string[] lines = sessions.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length); // laptop, desktop and the sessions command itself
        Assert.Equal(2, lines.Count(l => l.Contains("\treceiving", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_chosen_status_survives_a_server_restart_and_a_new_device_pages_history_with_nothing_missing_or_twice()
    {
        using var data = new TemporaryDirectory();
        ServerProcess server = await ChatServer.StartAsync(data.Path);
        try
        {
            foreach (string user in new[] { "alice", "bob" })
            {
                await TestAccounts.RegisterAsync(server.ChatEndpoint(), user);
            }

            var chose = await CliProcess.RunAsync(
                ["presence", "--server", server.ChatEndpoint().ToString(), "--user", "bob", "--set", "away", "--status", "at lunch"], Env("bob"), Limit);
            Assert.True(chose.ExitCode == 0, chose.StandardError);
            const int Count = 25;
            await using (ChatClient alice = await LoginAsync(server, "alice", new ChatDevice(0xA11CE, "alice-pc (chat)")))
            {
                for (int i = 0; i < Count; i++)
                {
                    await alice.SendAsync("bob", $"message {i}");
                }

                await (await alice.SendAsync("bob", "last")).WaitForAsync(DeliveryState.Sent).WaitAsync(Limit);
            }

            int port = server.ChatEndpoint().Port;
            await server.DisposeAsync();
            server = await ChatServer.StartAsync(data.Path, port);

            await using ChatClient watcher = await LoginAsync(server, "alice", new ChatDevice(0xA11CE, "alice-pc (chat)"));
            await watcher.AddContactAsync("bob");
            using var sees = new PresenceCollector(watcher);
            await using ChatClient phone = await LoginAsync(server, "bob", new ChatDevice(0xF0E, "phone (chat)"));
            await sees.WaitForAsync(e => e.Any(p => p.User == "bob" && p.State == PresenceState.Away && p.Status == "at lunch"), Limit, "bob's kept choice");

            var seen = new List<HistoryEntry>();
            ulong before = 0;
            for (int page = 0; page < 10; page++)
            {
                HistoryPage older = await phone.GetHistoryAsync("alice", before, limit: 7);
                Assert.Equal(ChatErrorCode.None, older.Code);
                seen.AddRange(older.Entries);
                if (older.NextBefore == 0)
                {
                    break;
                }

                before = older.NextBefore;
            }

            string[] expected = [.. Enumerable.Range(0, Count).Select(i => $"message {i}"), "last"];
            Assert.Equal(expected.Reverse(), seen.Select(e => e.Text));
            Assert.Equal(seen.Count, seen.Select(e => e.MessageId).Distinct().Count());
            Assert.All(seen, e => Assert.Equal(("alice", false), (e.From, e.Outgoing)));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<ChatClient> LoginAsync(ServerProcess server, string user, ChatDevice device)
    {
        var client = new ChatClient(server.ChatEndpoint(), TestAccounts.FastOptions() with { Device = device });
        try
        {
            await client.LoginAsync(user, TestAccounts.PasswordOf(user));
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Limit, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
