using UdpSuite.Chat.Tests.Support;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>Issue 19, item 1 (open and closed only): the policy through the real server and CLI, and what the server says at start.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RegistrationPolicyCliTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_closed_server_says_so_at_start_and_udpsuite_register_is_refused()
    {
        using var data = new TemporaryDirectory();
        await using ServerProcess server = await ServerProcess.StartAsync(
            [.. ServerProcess.EphemeralLoopbackArguments, "--data-dir", data.Path],
            new Dictionary<string, string> { ["UDPSUITE_Chat__Registration"] = "closed" });
        string address = server.ChatEndpoint().ToString();

        var refused = await CliProcess.RunAsync(["register", "--server", address, "--user", "mallory"],
            new Dictionary<string, string?> { ["UDPSUITE_PASSWORD"] = TestAccounts.PasswordOf("mallory") }, Limit);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("RegistrationClosed", refused.StandardError + refused.StandardOutput);
        Assert.Contains("Chat registration is closed", server.StandardError + string.Join('\n', server.StandardOutput));
    }
}
