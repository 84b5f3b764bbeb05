using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Server.Chat;

namespace UdpSuite.Server.Tests.Chat;

public class ChatLoginTests
{
    [Fact]
    public async Task Register_then_login_opens_a_session_and_the_server_proves_it_knows_the_verifier()
    {
        await using var server = ChatTestServer.Start();
        using var alice = new ChatTestPeer(server.Endpoint, "alice");

        Assert.Null(await alice.RegisterAsync("correct horse"));
        Assert.Null(await alice.LoginAsync("correct horse"));

        Assert.NotEqual(0UL, alice.SessionId);
        Assert.Equal(server.Identity.KeyPair.PublicKey.ToArray(), alice.ServerStaticKey);
        Assert.Equal(1, server.Handler.SessionCount);
        Assert.Equal(1, server.Counters.Get(ChatEvents.Registered));
        Assert.Equal(1, server.Counters.Get(ChatEvents.LoggedIn));
    }

    [Fact]
    public async Task A_wrong_password_gets_AuthenticationFailed_is_counted_and_ends_the_channel()
    {
        await using var server = ChatTestServer.Start();
        using var alice = new ChatTestPeer(server.Endpoint, "alice");
        Assert.Null(await alice.RegisterAsync("right password"));

        Assert.Equal(ChatErrorCode.AuthenticationFailed, await alice.LoginAsync("wrong password"));

        Assert.Equal(1, server.Counters.Get(ChatEvents.AuthenticationFailed));
        Assert.Equal(0, server.Handler.SessionCount);
        Assert.Equal(1, server.Handler.PendingLoginCount); // the REGISTER's channel, until it expires; the failed one is gone
    }

    [Fact]
    public async Task An_unknown_user_gets_stable_parameters_like_a_real_account_and_fails_at_the_proof()
    {
        await using var server = ChatTestServer.Start();
        using var ghost = new ChatTestPeer(server.Endpoint, "ghost");
        using var alice = new ChatTestPeer(server.Endpoint, "alice");
        Assert.Null(await alice.RegisterAsync("pw"));

        LoginParameters first = await StartAsync(ghost);
        LoginParameters second = await StartAsync(ghost);
        LoginParameters real = await StartAsync(alice);

        Assert.Equal(first.Salt, second.Salt);
        Assert.Equal(real.Parameters, first.Parameters);
        Assert.NotEqual(real.Salt, first.Salt);
        Assert.Equal(ChatErrorCode.AuthenticationFailed, await ghost.LoginAsync("anything"));
    }

    [Fact]
    public async Task Registering_a_taken_name_is_refused_and_a_weak_password_hash_too()
    {
        await using var server = ChatTestServer.Start(limits: new ChatRelayLimits { PasswordHashMemoryKiB = 64, PasswordHashIterations = 1 });
        using var first = new ChatTestPeer(server.Endpoint, "狗哥alex");
        using var second = new ChatTestPeer(server.Endpoint, "狗哥alex");
        using var weak = new ChatTestPeer(server.Endpoint, "weakling");
        var enough = new Protocol.Security.Passwords.Argon2idParameters(64, 1, 1);

        Assert.Null(await first.RegisterAsync("pw-one", enough));
        Assert.Equal(ChatErrorCode.UserExists, await second.RegisterAsync("pw-two", enough));
        Assert.Equal(ChatErrorCode.WeakPasswordHash, await weak.RegisterAsync("pw-three", new Protocol.Security.Passwords.Argon2idParameters(32, 1, 1)));
        Assert.Null(server.Store.FindUser("weakling"));
    }

    [Fact]
    public async Task A_short_opening_is_dropped_and_a_channel_that_never_logs_in_is_forgotten()
    {
        await using var server = ChatTestServer.Start();
        using var peer = new ChatTestPeer(server.Endpoint, "alice");
        var opening = new byte[ChannelWire.InitiationLength];
        new ChannelClient().Start(TimeSpan.Zero, opening);

        Assert.Null(await peer.RequestOrNullAsync(opening.AsSpan(0, 600)));
        Assert.Equal(1, server.Counters.Get(ChatDropReasons.Malformed));

        await peer.OpenChannelAsync();
        Assert.Equal(1, server.Handler.PendingLoginCount);
        server.Tick(NodaTime.Duration.FromSeconds(11));
        Assert.Equal(0, server.Handler.PendingLoginCount);

        peer.SendRaw(peer.Seal((byte)ChannelMessageType.LoginStart, [5, .. "alice"u8]));
        Assert.Null(await peer.ReceiveRawAsync(TimeSpan.FromMilliseconds(150)));
        Assert.Equal(1, server.Counters.Get(ChatDropReasons.UnknownSession));
    }

    [Fact]
    public async Task A_new_login_of_the_same_user_opens_a_second_session_and_leaves_the_first_one_alive()
    {
        await using var server = ChatTestServer.Start();
        using var alice = new ChatTestPeer(server.Endpoint, "alice");
        Assert.Null(await alice.RegisterAsync("pw"));
        Assert.Null(await alice.LoginAsync("pw"));
        byte[] firstSessionPing = alice.Seal(ChatMessageType.Ping, []);

        Assert.Null(await alice.LoginAsync("pw"));
        alice.SendRaw(firstSessionPing); // still a live session: several sessions per account
        alice.SendSecure(ChatMessageType.Ping, []);

        Assert.True(await alice.WaitForAsync(() => alice.Pongs >= 1)); // the new session's (the first one's PONG is sealed with keys this peer dropped)
        await alice.DrainAsync(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, server.Handler.SessionCount);
        Assert.Equal(0, server.Counters.Get(ChatDropReasons.UnknownSession));
        Assert.Equal(0, server.Counters.Get(ChatEvents.SessionReplaced));
    }

    [Fact]
    public async Task A_silent_session_expires_after_the_idle_timeout_and_ping_keeps_it_alive()
    {
        await using var server = ChatTestServer.Start();
        using var alice = new ChatTestPeer(server.Endpoint, "alice");
        Assert.Null(await alice.RegisterAsync("pw"));
        Assert.Null(await alice.LoginAsync("pw"));

        server.Tick(NodaTime.Duration.FromSeconds(50));
        alice.SendSecure(ChatMessageType.Ping, []);
        Assert.True(await alice.WaitForAsync(() => alice.Pongs == 1));
        server.Tick(NodaTime.Duration.FromSeconds(50));
        Assert.Equal(1, server.Handler.SessionCount);

        server.Tick(NodaTime.Duration.FromSeconds(11));
        Assert.Equal(0, server.Handler.SessionCount);
        Assert.Equal(1, server.Counters.Get(ChatEvents.SessionExpired));
    }

    [Fact]
    public async Task Logout_ends_the_session_at_once()
    {
        await using var server = ChatTestServer.Start();
        using var alice = new ChatTestPeer(server.Endpoint, "alice");
        Assert.Null(await alice.RegisterAsync("pw"));
        Assert.Null(await alice.LoginAsync("pw"));

        alice.SendSecure(ChatMessageType.Logout, []);
        Assert.True(await alice.WaitForAsync(() => server.Handler.SessionCount == 0));
        Assert.Equal(1, server.Counters.Get(ChatEvents.LoggedOut));
    }

    [Fact]
    public async Task A_resent_register_gets_registered_again_and_a_resent_proof_the_same_welcome()
    {
        await using var server = ChatTestServer.Start();
        using var peer = new ChatTestPeer(server.Endpoint, "alice");
        await peer.OpenChannelAsync();
        byte[] register = peer.RegisterBody("pw");
        Assert.Equal((byte)ChannelMessageType.Registered, (await peer.RequestSealedAsync(ChannelMessageType.Register, register)).Type);
        Assert.Equal((byte)ChannelMessageType.Registered, (await peer.RequestSealedAsync(ChannelMessageType.Register, register)).Type);
        Assert.Equal(1, server.Counters.Get(ChatEvents.Registered));

        // The same channel goes on to log in; then the proof is resent as if its WELCOME had been lost.
        Assert.Null(await peer.LoginOnChannelAsync("pw"));
        (byte type, byte[] welcome) = await peer.RequestSealedAsync(ChannelMessageType.LoginProof, peer.LastProofBody!);
        Assert.Equal((byte)ChannelMessageType.Welcome, type);
        Assert.Equal(peer.LastWelcome, welcome);
        Assert.Equal(1, server.Handler.SessionCount);
        Assert.Equal(1, server.Counters.Get(ChatEvents.LoggedIn));
    }

    [Fact]
    public async Task Registering_more_accounts_than_the_per_address_handshake_cap_works_because_a_registered_channel_frees_its_slot()
    {
        var limits = new ChatRelayLimits { Handshake = new HandshakeLoadOptions { MaxPendingPerAddress = 4 } };
        await using var server = ChatTestServer.Start(limits: limits);

        for (int i = 0; i < 10; i++)
        {
            using var peer = new ChatTestPeer(server.Endpoint, $"user{i}");
            Assert.Null(await peer.RegisterAsync("pw"));
        }

        Assert.Equal(10, server.Counters.Get(ChatEvents.Registered));
        Assert.Equal(0, server.Counters.Get(ChatDropReasons.HandshakeRefused));
    }

    private static async Task<LoginParameters> StartAsync(ChatTestPeer peer)
    {
        await peer.OpenChannelAsync();
        (byte type, byte[] body) = await peer.RequestSealedAsync(ChannelMessageType.LoginStart, [(byte)System.Text.Encoding.UTF8.GetByteCount(peer.User), .. System.Text.Encoding.UTF8.GetBytes(peer.User)]);
        Assert.Equal((byte)ChannelMessageType.LoginParams, type);
        Assert.True(LoginMessages.TryReadLoginParameters(body, out LoginParameters? parameters));
        return parameters!;
    }
}
