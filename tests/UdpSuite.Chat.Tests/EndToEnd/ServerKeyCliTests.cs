using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Tests.Chat.Channel;
using UdpSuite.Protocol.Security;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Noise;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>
/// The server key check through the real <c>udpsuite</c> process, against a minimal v2 server on loopback that records
/// what arrives: first contact pins and says so on stderr; a changed key exits 3 with both fingerprints and the file
/// and line, having sent nothing but the handshake opening; <c>--server-key</c> matches or refuses the same way.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ServerKeyCliTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task First_contact_pins_the_key_and_prints_its_fingerprint_on_stderr()
    {
        await using var server = new LoginTestServer(Argon2idParameters.OwaspMinimum);
        string configHome = TestEnvironment.NewDirectory("config");
        string address = server.EndPoint.ToString();

        var registered = await CliProcess.RunAsync(["register", "--server", address, "--user", "alice"], Env("alice", configHome), Limit);

        Assert.True(registered.ExitCode == 0, registered.StandardError);
        string fingerprint = ServerKeyFingerprint.Of(server.PublicKey).ToString();
        Assert.Contains($"First contact with {address}: pinned its key {fingerprint}", registered.StandardError, StringComparison.Ordinal);
        string pins = await File.ReadAllTextAsync(Path.Combine(configHome, "udpsuite", "known_servers"));
        Assert.Equal($"{address} {fingerprint}\n", pins);

        var again = await CliProcess.RunAsync(["send", "--server", address, "--user", "alice", "--to", "alice", "--deadline", "1000", "hi"], Env("alice", configHome), Limit);
        Assert.DoesNotContain("First contact", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_key_exits_3_with_both_fingerprints_and_the_line_and_sends_nothing_but_the_handshake()
    {
        await using var server = new LoginTestServer(Argon2idParameters.OwaspMinimum);
        using var previous = NoiseKeyPair.Generate();
        string configHome = TestEnvironment.NewDirectory("config");
        string address = server.EndPoint.ToString();
        string pinned = ServerKeyFingerprint.Of(previous.PublicKey).ToString();
        Directory.CreateDirectory(Path.Combine(configHome, "udpsuite"));
        string pinsPath = Path.Combine(configHome, "udpsuite", "known_servers");
        await File.WriteAllTextAsync(pinsPath, $"# pins\n{address} {pinned}\n");

        var refused = await CliProcess.RunAsync(["send", "--server", address, "--user", "alice", "--to", "bob", "secret text"], Env("alice", configHome), Limit);

        Assert.Equal(3, refused.ExitCode);
        Assert.Contains(pinned, refused.StandardError, StringComparison.Ordinal);
        Assert.Contains(ServerKeyFingerprint.Of(server.PublicKey).ToString(), refused.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{pinsPath} line 2", refused.StandardError, StringComparison.Ordinal);
        Assert.Empty(server.Received);
        Assert.NotEmpty(server.Datagrams);
        Assert.All(server.Datagrams, d => Assert.Equal((byte)ChannelDatagramType.Initiation, d[3]));
        Assert.Equal($"# pins\n{address} {pinned}\n", await File.ReadAllTextAsync(pinsPath)); // not re-pinned
    }

    [Fact]
    public async Task An_explicit_server_key_logs_in_when_it_matches_and_exits_3_when_it_does_not()
    {
        await using var server = new LoginTestServer(Argon2idParameters.OwaspMinimum);
        using var other = NoiseKeyPair.Generate();
        string configHome = TestEnvironment.NewDirectory("config");
        string address = server.EndPoint.ToString();
        string genuine = ServerKeyFingerprint.Of(server.PublicKey).ToString();
        string wrong = ServerKeyFingerprint.Of(other.PublicKey).ToString();

        var mismatch = await CliProcess.RunAsync(["register", "--server", address, "--server-key", wrong, "--user", "alice"], Env("alice", configHome), Limit);
        var match = await CliProcess.RunAsync(["register", "--server", address, "--server-key", genuine, "--user", "alice"], Env("alice", configHome), Limit);
        var malformed = await CliProcess.RunAsync(["register", "--server", address, "--server-key", "SHA256:short", "--user", "alice"], Env("alice", configHome), Limit);

        Assert.Equal(3, mismatch.ExitCode);
        Assert.Contains(wrong, mismatch.StandardError, StringComparison.Ordinal);
        Assert.Contains(genuine, mismatch.StandardError, StringComparison.Ordinal);
        Assert.True(match.ExitCode == 0, match.StandardError);
        Assert.Equal(2, malformed.ExitCode);
        Assert.False(File.Exists(Path.Combine(configHome, "udpsuite", "known_servers"))); // explicit keys do not consult or write pins
    }

    private static Dictionary<string, string?> Env(string user, string configHome) => new()
    {
        ["UDPSUITE_PASSWORD"] = TestAccounts.PasswordOf(user),
        ["XDG_CONFIG_HOME"] = configHome,
    };
}
