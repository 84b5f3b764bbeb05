using System.Net;
using System.Text.Json;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Client.Tests.Chat.Channel;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>
/// <c>udpsuite sessions</c> and <c>udpsuite history</c> as processes, against the minimal v2 server of the client tests
/// (<see cref="LoginTestServer"/>), which answers SESSIONS_LIST, SESSION_END and HISTORY_REQUEST from canned data:
/// paging, output order and formats, and that both log in as transient sessions.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SessionsHistoryCliTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sessions_lists_and_ends_and_history_pages_back_to_the_limit_printing_oldest_first()
    {
        // 130 stored messages with bob, positions 1-130; the server pages them newest first.
        HistoryEntry[] stored = [.. Enumerable.Range(1, 130).Select(i => new HistoryEntry(
            (ulong)i, Guid.NewGuid(), 1_795_000_000_000 + i, Outgoing: i % 2 == 0, DeliveryState.Delivered, i % 2 == 0 ? "alice" : "bob", $"message {i}"))];
        var asked = new List<HistoryRequestBody>();
        await using var server = new LoginTestServer(Argon2idParameters.OwaspMinimum)
        {
            Sessions =
            [
                new SessionInfo(0xA1, Transient: false, Current: false, 7, "lab-pc (chat)", new IPEndPoint(IPAddress.Loopback, 40001), 1_795_000_000_000, 2500),
                new SessionInfo(0xB2, Transient: true, Current: true, 8, "lab-pc (sessions)", new IPEndPoint(IPAddress.Loopback, 40002), 1_795_000_001_000, 0),
            ],
            History = request =>
            {
                lock (asked)
                {
                    asked.Add(request);
                }

                HistoryEntry[] older = [.. stored.Where(e => request.Before == 0 || e.Position < request.Before).OrderByDescending(e => e.Position)];
                HistoryEntry[] page = [.. older.Take(request.Limit)];
                return new HistoryPage(request.RequestId, ChatErrorCode.None, older.Length > page.Length ? page[^1].Position : 0, page);
            },
        };
        string address = server.EndPoint.ToString();
        string key = ServerKeyFingerprint.Of(server.PublicKey).ToString();
        await TestAccountsOn(server);
        string[] common = ["--server", address, "--server-key", key, "--user", "alice"];

        var listed = await CliProcess.RunAsync(["sessions", .. common], Env(), Limit);
        Assert.True(listed.ExitCode == 0, listed.StandardError);
        string[] lines = listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(["00000000000000a1", "lab-pc (chat)", "127.0.0.1:40001"], lines[0].Split('\t')[..3]);
        Assert.EndsWith("\treceiving", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("\ttransient\t*", lines[1], StringComparison.Ordinal);

        var ended = await CliProcess.RunAsync(["sessions", .. common, "--end", "a1"], Env(), Limit);
        Assert.True(ended.ExitCode == 0, ended.StandardError);
        Assert.Equal("ended session 00000000000000a1", ended.StandardOutput.Trim());
        Assert.Equal([0xA1UL], server.Ended);
        var unknown = await CliProcess.RunAsync(["sessions", .. common, "--end", "ff"], Env(), Limit);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("UnknownSession", unknown.StandardError, StringComparison.Ordinal);

        var history = await CliProcess.RunAsync(["history", .. common, "bob", "--limit", "120", "--json"], Env(), Limit);
        Assert.True(history.ExitCode == 0, history.StandardError);
        JsonElement[] printed = [.. history.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(stored[10..].Select(e => e.Text), printed.Select(p => p.GetProperty("text").GetString()));
        Assert.Equal(stored[10..].Select(e => e.MessageId.ToString()), printed.Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(stored[10..].Select(e => e.Outgoing), printed.Select(p => p.GetProperty("outgoing").GetBoolean()));
        Assert.Equal([(0UL, (byte)100), (31UL, (byte)20)], asked.Select(a => (a.Before, a.Limit)));

        var text = await CliProcess.RunAsync(["history", .. common, "--group", "team", "--limit", "2"], Env(), Limit);
        Assert.True(text.ExitCode == 0, text.StandardError);
        Assert.Equal(["bob: message 129", "alice (me): message 130"], text.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[1]));
        Assert.Equal(HistoryKind.Group, asked[^1].Kind);

        var both = await CliProcess.RunAsync(["history", .. common, "bob", "--group", "team"], Env(), Limit);
        Assert.Equal(2, both.ExitCode);

        // Every command above logged in as a transient session named after it.
        Assert.All(server.LoginDevices.Skip(1), device => Assert.True(device!.Transient));
        Assert.Contains(server.LoginDevices, device => device is not null && device.Name.EndsWith(" (history)", StringComparison.Ordinal));
    }

    private static async Task TestAccountsOn(LoginTestServer server)
    {
        await using var client = new ChatClient(server.EndPoint, TestAccounts.FastOptions() with { RegistrationParameters = Argon2idParameters.OwaspMinimum });
        await client.RegisterAsync("alice", TestAccounts.PasswordOf("alice"));
        await client.LoginAsync("alice", TestAccounts.PasswordOf("alice")); // a plain login first: LoginDevices[0] has no tail
    }

    private static Dictionary<string, string?> Env() => new() { ["UDPSUITE_PASSWORD"] = TestAccounts.PasswordOf("alice") };
}
