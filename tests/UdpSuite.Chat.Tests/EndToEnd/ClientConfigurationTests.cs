using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Tests.Chat.Channel;
using UdpSuite.Protocol.Security;
using UdpSuite.Protocol.Security.Noise;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>
/// The configured server key (<c>Chat:ServerKey</c>) through the real <c>udpsuite</c> process: from
/// <c>$XDG_CONFIG_HOME/udpsuite/client.json</c>, overridden by <c>UDPSUITE_Chat__ServerKey</c>, overridden by
/// <c>--server-key</c>; a wrong one refuses the server (exit 3), a broken file or value is a usage error (exit 2)
/// naming where it came from, never silently ignored.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ClientConfigurationTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Client_json_pins_the_key_the_environment_overrides_it_and_the_option_overrides_both()
    {
        await using var server = new LoginTestServer(Argon2idParameters.OwaspMinimum);
        using var other = NoiseKeyPair.Generate();
        string genuine = ServerKeyFingerprint.Of(server.PublicKey).ToString();
        string wrong = ServerKeyFingerprint.Of(other.PublicKey).ToString();
        string address = server.EndPoint.ToString();
        string configHome = TestEnvironment.NewDirectory("config");
        string clientJson = WriteClientJson(configHome, $$"""{ "Chat": { "ServerKey": "{{wrong}}" } }""");

        var fromFile = await RegisterAsync("alice", address, Env(configHome));
        var fromEnvironment = await RegisterAsync("bob", address, Env(configHome, environmentKey: genuine));
        var fromOption = await RegisterAsync("carol", address, Env(configHome, environmentKey: wrong), "--server-key", genuine);

        Assert.Equal(3, fromFile.ExitCode);
        Assert.Contains(wrong, fromFile.StandardError, StringComparison.Ordinal);
        Assert.Contains(genuine, fromFile.StandardError, StringComparison.Ordinal);
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.StandardError);
        Assert.True(fromOption.ExitCode == 0, fromOption.StandardError);
        Assert.False(File.Exists(Path.Combine(configHome, "udpsuite", "known_servers"))); // an explicit key neither reads nor writes pins
        Assert.True(File.Exists(clientJson));
    }

    [Fact]
    public async Task A_broken_client_json_or_a_value_that_is_no_fingerprint_is_a_usage_error_naming_its_source()
    {
        await using var server = new LoginTestServer(Argon2idParameters.OwaspMinimum);
        string address = server.EndPoint.ToString();
        string brokenHome = TestEnvironment.NewDirectory("config");
        string broken = WriteClientJson(brokenHome, """{ "Chat": { "ServerKey": """);
        string badValueHome = TestEnvironment.NewDirectory("config");
        string badValue = WriteClientJson(badValueHome, """{ "Chat": { "ServerKey": "SHA256:short" } }""");

        var brokenRun = await RegisterAsync("alice", address, Env(brokenHome));
        var badValueRun = await RegisterAsync("alice", address, Env(badValueHome));
        var badEnvironmentRun = await RegisterAsync("alice", address, Env(TestEnvironment.NewDirectory("config"), environmentKey: "md5:nope"));

        Assert.Equal(2, brokenRun.ExitCode);
        Assert.Contains(broken, brokenRun.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, badValueRun.ExitCode);
        Assert.Contains($"Chat:ServerKey in {badValue}", badValueRun.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, badEnvironmentRun.ExitCode);
        Assert.Contains("UDPSUITE_Chat__ServerKey: 'md5:nope' is not a server key fingerprint", badEnvironmentRun.StandardError, StringComparison.Ordinal);
        Assert.Empty(server.Datagrams); // refused before anything was sent
    }

    private static string WriteClientJson(string configHome, string json)
    {
        string directory = Directory.CreateDirectory(Path.Combine(configHome, "udpsuite")).FullName;
        string path = Path.Combine(directory, "client.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static Task<(int ExitCode, string StandardOutput, string StandardError)> RegisterAsync(string user, string address, Dictionary<string, string?> environment, params string[] extra) =>
        CliProcess.RunAsync(["register", "--server", address, "--user", user, .. extra], environment, Limit);

    private static Dictionary<string, string?> Env(string configHome, string? environmentKey = null) => new()
    {
        ["UDPSUITE_PASSWORD"] = "correct horse battery staple",
        ["XDG_CONFIG_HOME"] = configHome,
        ["UDPSUITE_Chat__ServerKey"] = environmentKey,
    };
}
