using UdpSuite.Client.Chat;
using UdpSuite.Client.Security;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Client.Tests.Chat.Channel;

/// <summary>
/// The client's v2 login against <see cref="LoginTestServer"/> on loopback: pins, the key check before anything is
/// sent, the Argon2id policy, and corrupted datagrams. Pins always live in a temporary directory.
/// </summary>
public sealed class ChannelLoginTests : IDisposable
{
    private static readonly Argon2idParameters Cheap = new(8, 1, 1);
    private readonly string _directory = Directory.CreateTempSubdirectory("udpsuite-login-").FullName;

    private string PinsPath => Path.Combine(_directory, "known_servers");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task First_contact_pins_the_key_and_says_so_then_register_and_login_succeed()
    {
        await using var server = new LoginTestServer(Cheap);
        var pinned = new List<PinVerification>();
        await using var client = new ChatClient(server.EndPoint, Options("chat.lan:8081") with { OnServerKeyPinned = pinned.Add });

        await client.RegisterAsync("alice", "alice-password");
        await client.LoginAsync("alice", "alice-password");

        Assert.True(client.IsLoggedIn);
        PinVerification first = Assert.Single(pinned);
        Assert.Equal(PinOutcome.PinnedNew, first.Outcome);
        Assert.Contains(ServerKeyFingerprint.Of(server.PublicKey).ToString(), first.Describe(), StringComparison.Ordinal);
        PinnedServerKey pin = Assert.Single(new KnownServers(PinsPath).Lookup("chat.lan:8081"));
        Assert.Equal(ServerKeyFingerprint.Of(server.PublicKey), pin.Fingerprint);
    }

    [Fact]
    public async Task A_changed_key_is_refused_before_any_login_message_is_sent()
    {
        await using (var genuine = new LoginTestServer(Cheap))
        {
            await using var first = new ChatClient(genuine.EndPoint, Options("chat.lan:8081"));
            await first.RegisterAsync("alice", "alice-password");
        }

        await using var impostor = new LoginTestServer(Cheap);
        await using var client = new ChatClient(impostor.EndPoint, Options("chat.lan:8081"));

        var refused = await Assert.ThrowsAsync<ServerKeyMismatchException>(() => client.LoginAsync("alice", "alice-password"));

        Assert.Equal(PinOutcome.Mismatch, refused.Verification!.Outcome);
        Assert.Contains(ServerKeyFingerprint.Of(impostor.PublicKey).ToString(), refused.Message, StringComparison.Ordinal);
        Assert.Contains($"{PinsPath} line 1", refused.Message, StringComparison.Ordinal);
        Assert.Empty(impostor.Received); // no LOGIN_START: the name never left the client
        Assert.All(impostor.Datagrams, d => Assert.Equal((byte)ChannelDatagramType.Initiation, d[3]));
        Assert.False(client.IsLoggedIn);
    }

    [Fact]
    public async Task An_explicit_fingerprint_that_matches_logs_in_without_touching_known_servers()
    {
        await using var server = new LoginTestServer(Cheap);
        string fingerprint = ServerKeyFingerprint.Of(server.PublicKey).ToString();
        await using var client = new ChatClient(server.EndPoint, Options("chat.lan:8081") with { ServerKey = fingerprint });

        await client.RegisterAsync("alice", "alice-password");
        await client.LoginAsync("alice", "alice-password");

        Assert.True(client.IsLoggedIn);
        Assert.False(File.Exists(PinsPath));
    }

    [Fact]
    public async Task An_explicit_fingerprint_that_differs_is_refused_with_both_fingerprints()
    {
        await using var server = new LoginTestServer(Cheap);
        using var other = Protocol.Security.Noise.NoiseKeyPair.Generate();
        string expected = ServerKeyFingerprint.Of(other.PublicKey).ToString();
        await using var client = new ChatClient(server.EndPoint, Options("chat.lan:8081") with { ServerKey = expected });

        var refused = await Assert.ThrowsAsync<ServerKeyMismatchException>(() => client.RegisterAsync("alice", "alice-password"));

        Assert.Equal(PinOutcome.ExplicitMismatch, refused.Verification!.Outcome);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.Contains(ServerKeyFingerprint.Of(server.PublicKey).ToString(), refused.Message, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Fact]
    public void A_malformed_explicit_fingerprint_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => new ChatClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 9), Options("x") with { ServerKey = "SHA256:nope" }));
    }

    [Fact]
    public async Task Weak_Argon2id_parameters_from_the_server_are_refused_before_any_proof()
    {
        await using var server = new LoginTestServer(Cheap);
        await using var client = new ChatClient(server.EndPoint, Options("chat.lan:8081") with { PasswordPolicy = Argon2idPolicy.Shipped });

        var refused = await Assert.ThrowsAsync<ChatException>(() => client.LoginAsync("alice", "alice-password"));

        Assert.Contains("weaker than this client's minimum", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain((byte)ChannelMessageType.LoginProof, server.Received);
        Assert.Contains((byte)ChannelMessageType.LoginStart, server.Received);
    }

    [Fact]
    public async Task A_wrong_password_is_reported_as_wrong_user_name_or_password()
    {
        await using var server = new LoginTestServer(Cheap);
        await using var client = new ChatClient(server.EndPoint, Options("chat.lan:8081"));
        await client.RegisterAsync("alice", "alice-password");

        var wrong = await Assert.ThrowsAsync<ChatException>(() => client.LoginAsync("alice", "not-it"));
        var unknown = await Assert.ThrowsAsync<ChatException>(() => client.LoginAsync("nobody", "whatever"));

        Assert.Equal(ChatErrorCode.AuthenticationFailed, wrong.Code);
        Assert.Contains("wrong user name or password", wrong.Message, StringComparison.Ordinal);
        Assert.Equal(ChatErrorCode.AuthenticationFailed, unknown.Code);
    }

    [Fact]
    public async Task Corrupted_copies_of_every_server_datagram_are_dropped_and_the_login_still_succeeds()
    {
        await using var server = new LoginTestServer(Cheap) { SendCorruptedCopyFirst = true };
        await using var client = new ChatClient(server.EndPoint, Options("chat.lan:8081"));

        await client.RegisterAsync("alice", "alice-password");
        await client.LoginAsync("alice", "alice-password");

        Assert.True(client.IsLoggedIn);
        Assert.True(client.DroppedDatagrams >= 4, $"{client.DroppedDatagrams} drops"); // RESPONSE x2, REGISTERED, LOGIN_PARAMS, WELCOME copies
    }

    [Fact]
    public async Task Session_messages_travel_sealed_after_the_login()
    {
        await using var server = new LoginTestServer(Cheap);
        await using var client = new ChatClient(server.EndPoint, Options("chat.lan:8081") with { KeepAliveInterval = TimeSpan.FromMilliseconds(50) });
        await client.RegisterAsync("alice", "alice-password");
        await client.LoginAsync("alice", "alice-password");

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!server.Received.Contains((byte)ChatMessageType.Ping))
        {
            await Task.Delay(20, limit.Token);
        }

        // The PING went out as a TRANSPORT datagram: nothing after the handshake is in clear.
        Assert.All(server.Datagrams, d => Assert.Contains(d[3], new byte[] { (byte)ChannelDatagramType.Initiation, (byte)ChannelDatagramType.Transport }));
        Assert.True(client.IsConnected);
    }

    /// <summary>
    /// On a lossy path all five sends of one handshake attempt can be lost (CI saw it through 30% loss): while the
    /// login's own time allows, a new attempt with a new handshake id follows, and the login succeeds on it.
    /// </summary>
    [Fact]
    public async Task A_handshake_attempt_that_is_never_answered_is_followed_by_a_fresh_one_within_the_login_time()
    {
        await using var server = new LoginTestServer(Cheap) { IgnoredHandshakes = 1 };
        await using var client = new ChatClient(server.EndPoint, Options("chat.lan:8081") with { HandshakeTimeout = ChannelClient.HandshakeTimeout * 2 });

        await client.RegisterAsync("alice", "alice-password");

        ulong[] attempts = [.. server.Datagrams
            .Select(d => HandshakeDatagrams.TryReadInitiation(d, out Initiation initiation) ? initiation.HandshakeId : 0UL)
            .Where(id => id != 0)];
        Assert.Equal(2, attempts.Distinct().Count());
        Assert.Equal(5, attempts.Count(id => id == attempts[0]));
    }

    private ChatClientOptions Options(string address) => new()
    {
        ServerAddress = address,
        KnownServersPath = PinsPath,
        PasswordPolicy = ChatClientOptions.TestPasswordPolicy(Cheap),
        RegistrationParameters = Cheap,
        HandshakeTimeout = TimeSpan.FromSeconds(10),
    };
}
