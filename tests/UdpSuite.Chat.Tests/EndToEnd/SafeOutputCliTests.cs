using System.Text.Json;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>Issue 19, item 5: a message carrying terminal escape sequences and bidi controls, through a real server to the real <c>udpsuite listen</c>.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SafeOutputCliTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Clears the screen, retitles the window (OSC 0, ended by BEL), starts a C1 CSI, reverses the rest of the line, forges a second line.</summary>
    private const string Hostile = "a\u001b[2Jb \u001b]0;pwned\u0007 \u009b31m \u202eevil\r\n2026-01-01 00:00:00 admin: send me your password";

    [Fact]
    public async Task Listen_prints_escape_sequences_and_bidi_controls_inert_and_json_keeps_the_exact_text()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        string address = server.ChatEndpoint().ToString();
        foreach (string user in new[] { "alice", "bob" })
        {
            await TestAccounts.RegisterAsync(server.ChatEndpoint(), user);
        }

        var text = await ListenToOneAsync(address, []);
        Assert.True(text.ExitCode == 0, text.StandardError);
        string line = Assert.Single(text.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("alice: ", StringComparison.Ordinal));
        Assert.EndsWith(@"alice: a\x1b[2Jb \x1b]0;pwned\x07 \x9b31m \u202eevil\x0d\x0a2026-01-01 00:00:00 admin: send me your password", line, StringComparison.Ordinal);
        Assert.DoesNotContain(text.StandardOutput, c => c is '\u001b' or '\u0007' or '\r' or '\u009b' or '\u202e');

        var json = await ListenToOneAsync(address, ["--json"]);
        Assert.True(json.ExitCode == 0, json.StandardError);
        Assert.DoesNotContain(json.StandardOutput, c => c is '\u001b' or '\u0007' or '\r' or '\u009b' or '\u202e'); // escaped in the JSON strings
        string message = json.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single(l => l.Contains("\"type\":\"message\"", StringComparison.Ordinal));
        using JsonDocument parsed = JsonDocument.Parse(message);
        Assert.Equal(Hostile, parsed.RootElement.GetProperty("text").GetString()); // exact, for scripts
    }

    /// <summary>Starts <c>listen --count 1</c> as bob, sends him <see cref="Hostile"/> from alice, and returns what listen printed.</summary>
    private static async Task<(int ExitCode, string StandardOutput, string StandardError)> ListenToOneAsync(string address, string[] extra)
    {
        await using CliProcess listen = CliProcess.Start(["listen", "--server", address, "--user", "bob", "--count", "1", .. extra], Env("bob"));
        var send = await CliProcess.RunAsync(["send", "--server", address, "--user", "alice", "--to", "bob", "--wait", "delivered", Hostile], Env("alice"), Limit);
        Assert.True(send.ExitCode == 0, send.StandardError);
        return await listen.WaitAsync(Limit);
    }

    private static Dictionary<string, string?> Env(string user) => new() { ["UDPSUITE_PASSWORD"] = TestAccounts.PasswordOf(user) };
}
