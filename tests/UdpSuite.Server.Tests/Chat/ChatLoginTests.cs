using UdpSuite.Protocol.Chat;
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
        Assert.Equal(1, server.Handler.SessionCount);
        Assert.Equal(1, server.Counters.Get(ChatEvents.Registered));
        Assert.Equal(1, server.Counters.Get(ChatEvents.LoggedIn));
    }

    [Fact]
    public async Task A_wrong_password_gets_AuthenticationFailed_and_is_counted()
    {
        await using var server = ChatTestServer.Start();
        using var alice = new ChatTestPeer(server.Endpoint, "alice");
        Assert.Null(await alice.RegisterAsync("right password"));

        Assert.Equal(ChatErrorCode.AuthenticationFailed, await alice.LoginAsync("wrong password"));

        Assert.Equal(1, server.Counters.Get(ChatEvents.AuthenticationFailed));
        Assert.Equal(0, server.Handler.SessionCount);
    }

    [Fact]
    public async Task An_unknown_user_gets_a_stable_challenge_like_a_real_one_and_fails_at_the_proof()
    {
        await using var server = ChatTestServer.Start();
        using var ghost = new ChatTestPeer(server.Endpoint, "ghost");
        var buffer = new byte[ChatWire.MaxDatagram];

        byte[] first = await ghost.RequestAsync(buffer.AsSpan(0, HandshakeCodec.WriteHello(buffer, "ghost", new byte[16])));
        byte[] second = await ghost.RequestAsync(buffer.AsSpan(0, HandshakeCodec.WriteHello(buffer, "ghost", new byte[16])));

        Assert.True(HandshakeCodec.TryReadChallenge(first, out ChallengeMessage a));
        Assert.True(HandshakeCodec.TryReadChallenge(second, out ChallengeMessage b));
        Assert.Equal(56, first.Length);
        Assert.Equal(a.Salt, b.Salt);
        Assert.NotEqual(a.ServerNonce, b.ServerNonce);
        Assert.Equal(ScramVerifier.DefaultIterations, a.Iterations);
        Assert.Equal(ChatErrorCode.AuthenticationFailed, await ghost.LoginAsync("anything"));
    }

    [Fact]
    public async Task Registering_a_taken_or_invalid_name_is_refused()
    {
        await using var server = ChatTestServer.Start();
        using var first = new ChatTestPeer(server.Endpoint, "狗哥alex");
        using var second = new ChatTestPeer(server.Endpoint, "狗哥alex");
        using var invalid = new ChatTestPeer(server.Endpoint, " spaced ");

        Assert.Null(await first.RegisterAsync("pw-one"));
        Assert.Equal(ChatErrorCode.UserExists, await second.RegisterAsync("pw-two"));
        Assert.Equal(ChatErrorCode.BadUserName, await invalid.RegisterAsync("pw-three"));
    }

    [Fact]
    public async Task A_short_hello_gets_HelloTooShort_and_a_stale_proof_gets_LoginExpired()
    {
        await using var server = ChatTestServer.Start();
        using var peer = new ChatTestPeer(server.Endpoint, "alice");
        var buffer = new byte[ChatWire.MaxDatagram];
        int length = HandshakeCodec.WriteHello(buffer, "alice", new byte[16]);

        byte[] shortReply = await peer.RequestAsync(buffer.AsSpan(0, 100));
        Assert.True(HandshakeCodec.TryReadError(shortReply, out ErrorMessage error));
        Assert.Equal(ChatErrorCode.HelloTooShort, error.Code);

        byte[] challengeReply = await peer.RequestAsync(buffer.AsSpan(0, length));
        Assert.True(HandshakeCodec.TryReadChallenge(challengeReply, out ChallengeMessage challenge));
        server.Tick(NodaTime.Duration.FromSeconds(11));
        byte[] proofReply = await peer.RequestAsync(buffer.AsSpan(0, HandshakeCodec.WriteProof(buffer, new ProofMessage(challenge.ClientNonce, challenge.ServerNonce, new byte[32]))));
        Assert.True(HandshakeCodec.TryReadError(proofReply, out error));
        Assert.Equal(ChatErrorCode.LoginExpired, error.Code);
    }

    [Fact]
    public async Task A_new_login_replaces_the_old_session_and_the_old_id_is_dropped()
    {
        await using var server = ChatTestServer.Start();
        using var alice = new ChatTestPeer(server.Endpoint, "alice");
        Assert.Null(await alice.RegisterAsync("pw"));
        Assert.Null(await alice.LoginAsync("pw"));
        byte[] oldPing = alice.Seal(ChatMessageType.Ping, []);

        Assert.Null(await alice.LoginAsync("pw"));
        alice.SendRaw(oldPing);
        alice.SendSecure(ChatMessageType.Ping, []);

        Assert.True(await alice.WaitForAsync(() => alice.Pongs == 1));
        await alice.DrainAsync(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, alice.Pongs);
        Assert.Equal(1, server.Handler.SessionCount);
        Assert.Equal(1, server.Counters.Get(ChatDropReasons.UnknownSession));
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
}
