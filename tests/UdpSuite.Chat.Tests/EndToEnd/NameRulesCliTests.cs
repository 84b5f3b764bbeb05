using UdpSuite.Chat.Tests.Support;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>Issue 19, item 3: the name rules through the real CLI and server.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class NameRulesCliTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Zero_width_and_bidi_names_are_refused_before_sending_and_a_case_variant_is_taken()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ChatServer.StartAsync(data.Path);
        string address = server.ChatEndpoint().ToString();

        var zeroWidth = await Register("ali\u200Bce");
        Assert.Equal(2, zeroWidth.ExitCode);
        Assert.Contains(@"user name 'ali\u200bce': character 4, U+200B (ZERO WIDTH SPACE), is not allowed in a name", zeroWidth.StandardError);

        var reversed = await Register("gpj.\u202Eexe");
        Assert.Equal(2, reversed.ExitCode);
        Assert.Contains("U+202E (RIGHT-TO-LEFT OVERRIDE, a bidi control)", reversed.StandardError);
        Assert.DoesNotContain('\u202E', reversed.StandardError);

        var alice = await Register("alice");
        Assert.True(alice.ExitCode == 0, alice.StandardError);
        var upper = await Register("ALICE");
        Assert.Equal(1, upper.ExitCode);
        Assert.Contains("UserExists", upper.StandardError);

        // Typed decomposed (e + U+0301): registered in NFC, and the same typing logs in.
        var decomposed = await Register("e\u0301ve");
        Assert.True(decomposed.ExitCode == 0, decomposed.StandardError);
        var composedTaken = await Register("\u00E9ve");
        Assert.Equal(1, composedTaken.ExitCode);
        Assert.Contains("UserExists", composedTaken.StandardError);
        var loggedIn = await CliProcess.RunAsync(["contacts", "list", "--server", address, "--user", "e\u0301ve"], Env("e\u0301ve"), Limit);
        Assert.True(loggedIn.ExitCode == 0, loggedIn.StandardError);

        var group = await CliProcess.RunAsync(["group", "create", "te\u2060am", "--server", address, "--user", "alice"], Env("alice"), Limit);
        Assert.Equal(2, group.ExitCode);
        Assert.Contains("group name", group.StandardError);
        Assert.Contains("U+2060 (WORD JOINER, invisible)", group.StandardError);

        Task<(int ExitCode, string StandardOutput, string StandardError)> Register(string user) =>
            CliProcess.RunAsync(["register", "--server", address, "--user", user], Env(user), Limit);
    }

    private static Dictionary<string, string?> Env(string user) => new() { ["UDPSUITE_PASSWORD"] = TestAccounts.PasswordOf(user) };
}
