using System.Net;
using System.Text;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Protocol.Security.Noise;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Protocol.Tests.Security.Channel;

/// <summary>The client and server drivers end to end, in memory, with a hand-moved clock.</summary>
public sealed class ChannelDriversTests : IDisposable
{
    private static readonly IPEndPoint ClientAddress = new(IPAddress.Loopback, 50000);
    private static readonly IPEndPoint OtherAddress = new(IPAddress.Parse("127.0.1.7"), 50001);
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(100);
    private readonly NoiseKeyPair _serverKey = NoiseKeyPair.Generate();
    private readonly byte[] _buffer = new byte[ChannelWire.MaxDatagram];

    public void Dispose() => _serverKey.Dispose();

    [Fact]
    public void Full_handshake_pin_check_login_and_messages_both_ways()
    {
        using ChannelServer server = NewServer();
        using var client = new ChannelClient();
        Handshake(client, server);
        Assert.Equal(ServerKeyFingerprint.Of(_serverKey.PublicKey), ServerKeyFingerprint.Of(client.ServerStaticKey));
        Assert.Equal("relay", client.ServerName);
        client.AcceptServerKey(T0);
        Assert.Equal(1, server.PendingCount);

        LogIn(client, server);
        Assert.Equal(0, server.PendingCount);

        byte[] text = Encoding.UTF8.GetBytes("secret message");
        byte[] datagram = Seal(client, (byte)ChatMessageType.Data, text);
        Assert.DoesNotContain("secret", Encoding.Latin1.GetString(datagram), StringComparison.Ordinal);
        ServerReceiveResult received = server.Receive(datagram, ClientAddress, T0, _buffer);
        Assert.Equal(ServerEvent.Message, received.Event);
        Assert.Equal((byte)ChatMessageType.Data, received.InnerType);
        Assert.Equal(text, _buffer.AsSpan(1, received.Length).ToArray());
        Assert.False(received.PathChallengeDue);

        byte[] reply = new byte[ChannelWire.MaxDatagram];
        SealResult sealedReply = server.Seal(received.SessionId, (byte)ChatMessageType.Ack, [1, 2], T0, reply, out IPEndPoint destination);
        Assert.Equal(ClientAddress, destination);
        ClientReceiveResult back = client.Receive(reply.AsSpan(0, sealedReply.Length), T0, _buffer);
        Assert.Equal(ClientEvent.Message, back.Event);
        Assert.Equal((byte)ChatMessageType.Ack, back.InnerType);
    }

    [Fact]
    public void A_server_key_that_does_not_match_the_pin_is_refused_before_anything_is_sealed()
    {
        using ChannelServer server = NewServer();
        using var client = new ChannelClient();
        using NoiseKeyPair pinned = NoiseKeyPair.Generate();
        Handshake(client, server);
        Assert.False(ServerKeyFingerprint.Of(pinned.PublicKey).Matches(client.ServerStaticKey));

        // Before the decision, nothing can be sealed: no name can leave.
        Assert.Throws<InvalidOperationException>(() => client.Seal((byte)ChannelMessageType.LoginStart, "alice"u8, T0, _buffer));
        client.RefuseServerKey();
        Assert.Equal(ChannelClientState.Refused, client.State);
        Assert.Throws<InvalidOperationException>(() => client.Seal((byte)ChannelMessageType.LoginStart, "alice"u8, T0, _buffer));
        Assert.Equal(ClientTimerAction.None, client.OnTimer(T0 + TimeSpan.FromSeconds(5), _buffer));
    }

    [Fact]
    public void Every_byte_of_every_handshake_datagram_tampered_is_dropped_and_the_genuine_one_completes()
    {
        using ChannelServer idle = NewServer();
        using ChannelServer server = NewServer(new HandshakeLoadOptions { CookieThreshold = 0 });
        using var client = new ChannelClient();
        byte[] initiation = new byte[ChannelWire.MaxDatagram];
        int length = client.Start(T0, initiation);

        // INITIATION: a tampered copy never yields a RESPONSE the client accepts.
        foreach (byte[] tampered in Tampered(initiation.AsSpan(0, length).ToArray(), step: 7))
        {
            ServerReceiveResult result = idle.Receive(tampered, ClientAddress, T0, _buffer);
            if (result.Event == ServerEvent.Reply)
            {
                Assert.Equal(ClientEvent.Dropped, client.Receive(_buffer.AsSpan(0, result.Length), T0, new byte[ChannelWire.MaxDatagram]).Event);
            }
        }

        // Under load the genuine opening gets a cookie reply. A tampered header is dropped; a tampered cookie cannot
        // be told from a genuine one by the client and costs one resend, which gets a new cookie reply.
        ServerReceiveResult cookieReply = server.Receive(initiation.AsSpan(0, length), ClientAddress, T0, _buffer);
        Assert.Equal(ServerEvent.Reply, cookieReply.Event);
        Assert.Equal(ChannelWire.CookieReplyLength, cookieReply.Length);
        byte[] genuineCookieReply = _buffer[..cookieReply.Length];
        byte[] withCookie = new byte[ChannelWire.MaxDatagram];
        List<byte[]> tamperedReplies = [.. Tampered(genuineCookieReply, step: 1)];
        foreach (byte[] tampered in tamperedReplies.Take(12))
        {
            Assert.Equal(ClientEvent.Dropped, client.Receive(tampered, T0, withCookie).Event);
        }

        ClientReceiveResult wrongCookie = client.Receive(tamperedReplies[20], T0, withCookie);
        Assert.Equal(ClientEvent.Send, wrongCookie.Event);
        ServerReceiveResult again = server.Receive(withCookie.AsSpan(0, wrongCookie.Length), ClientAddress, T0, _buffer);
        Assert.Equal(ChannelWire.CookieReplyLength, again.Length);
        Assert.Equal(0, server.SessionCount);

        ClientReceiveResult resend = client.Receive(genuineCookieReply, T0, withCookie);
        Assert.Equal(ClientEvent.Send, resend.Event);
        ServerReceiveResult response = server.Receive(withCookie.AsSpan(0, resend.Length), ClientAddress, T0, _buffer);
        Assert.Equal(ServerEvent.Reply, response.Event);
        byte[] genuineResponse = _buffer[..response.Length];

        // RESPONSE: every byte flipped is dropped and leaves the handshake as it was.
        foreach (byte[] tampered in Tampered(genuineResponse, step: 1))
        {
            Assert.Equal(ClientEvent.Dropped, client.Receive(tampered, T0, _buffer).Event);
        }

        Assert.Equal(ClientEvent.ServerKeyPresented, client.Receive(genuineResponse, T0, _buffer).Event);
        client.AcceptServerKey(T0);

        // TRANSPORT: every byte flipped is dropped (a flipped version byte makes it another version's datagram,
        // which gets only ERROR UnsupportedVersion); the genuine datagram opens once; its replay is dropped.
        byte[] datagram = Seal(client, (byte)ChatMessageType.Ping, []);
        foreach (byte[] tampered in Tampered(datagram, step: 1))
        {
            ServerReceiveResult result = server.Receive(tampered, ClientAddress, T0, _buffer);
            Assert.True(result.Event == ServerEvent.Dropped || (tampered[2] != ChannelWire.Version && HandshakeCodec.TryReadError(_buffer.AsSpan(0, result.Length), out _)));
        }

        Assert.Equal(ServerEvent.Message, server.Receive(datagram, ClientAddress, T0, _buffer).Event);
        Assert.Equal(ChannelDropReason.Replay, server.Receive(datagram, ClientAddress, T0, _buffer).Drop);
    }

    [Fact]
    public void Under_load_the_server_keeps_no_state_for_openings_without_a_valid_cookie_and_the_client_retries_with_it()
    {
        using ChannelServer server = NewServer(new HandshakeLoadOptions { CookieThreshold = 0 });
        using var client = new ChannelClient();
        byte[] initiation = new byte[ChannelWire.MaxDatagram];
        int length = client.Start(T0, initiation);
        ServerReceiveResult cookieReply = server.Receive(initiation.AsSpan(0, length), ClientAddress, T0, _buffer);
        Assert.True(cookieReply.Length < length);
        Assert.Equal(0, server.SessionCount);

        // The cookie is bound to the address: the same opening with it from elsewhere gets another cookie reply.
        byte[] retry = new byte[ChannelWire.MaxDatagram];
        ClientReceiveResult resend = client.Receive(_buffer.AsSpan(0, cookieReply.Length), T0, retry);
        Assert.Equal(ClientEvent.Send, resend.Event);
        Assert.Equal(ChannelWire.CookieReplyLength, server.Receive(retry.AsSpan(0, resend.Length), OtherAddress, T0, _buffer).Length);
        Assert.Equal(0, server.SessionCount);

        ServerReceiveResult response = server.Receive(retry.AsSpan(0, resend.Length), ClientAddress, T0, _buffer);
        Assert.Equal(1, server.SessionCount);
        Assert.Equal(ClientEvent.ServerKeyPresented, client.Receive(_buffer.AsSpan(0, response.Length), T0, _buffer).Event);
    }

    [Fact]
    public void A_retransmitted_opening_gets_the_same_response_without_a_new_session_and_lost_openings_are_retransmitted()
    {
        using ChannelServer server = NewServer();
        using var client = new ChannelClient();
        byte[] initiation = new byte[ChannelWire.MaxDatagram];
        int length = client.Start(T0, initiation);
        Assert.Equal(ClientTimerAction.None, client.OnTimer(T0 + TimeSpan.FromSeconds(0.4), _buffer));
        Assert.Equal(ClientTimerAction.Retransmit, client.OnTimer(T0 + TimeSpan.FromSeconds(0.5), _buffer));
        Assert.Equal(initiation[..length], _buffer[..length]);

        ServerReceiveResult first = server.Receive(initiation.AsSpan(0, length), ClientAddress, T0, _buffer);
        byte[] firstResponse = _buffer[..first.Length];
        ServerReceiveResult second = server.Receive(initiation.AsSpan(0, length), ClientAddress, T0, _buffer);
        Assert.Equal(firstResponse, _buffer[..second.Length]);
        Assert.Equal(1, server.SessionCount);
        Assert.True(first.Length <= 181);
    }

    [Fact]
    public void The_handshake_gives_up_after_ten_seconds_and_pending_sessions_expire()
    {
        using ChannelServer server = NewServer();
        using var client = new ChannelClient();
        int length = client.Start(T0, _buffer);
        server.Receive(_buffer.AsSpan(0, length), ClientAddress, T0, new byte[ChannelWire.MaxDatagram]);
        int retransmits = 0;
        for (TimeSpan now = T0; client.NextTimer is TimeSpan next && retransmits < 10; now = next)
        {
            if (client.OnTimer(next, _buffer) == ClientTimerAction.Retransmit)
            {
                retransmits++;
            }
        }

        Assert.Equal(4, retransmits);
        Assert.Equal(ChannelClientState.TimedOut, client.State);
        Assert.Equal(0, server.ExpirePending(T0 + TimeSpan.FromSeconds(9)));
        Assert.Equal(1, server.ExpirePending(T0 + TimeSpan.FromSeconds(10)));
        Assert.Equal(0, server.PendingCount);
        Assert.Equal(0, server.SessionCount);
    }

    [Fact]
    public void Reordered_transport_datagrams_are_all_delivered_and_replays_of_any_of_them_are_dropped()
    {
        using ChannelServer server = NewServer();
        using var client = new ChannelClient();
        Handshake(client, server);
        client.AcceptServerKey(T0);
        List<byte[]> sent = [.. Enumerable.Range(0, 20).Select(k => Seal(client, (byte)ChatMessageType.Data, [(byte)k]))];
        var delivered = new HashSet<byte>();
        foreach (int k in new[] { 3, 0, 19, 7, 1, 2, 18, 4, 5, 6, 8, 9, 10, 17, 11, 12, 13, 14, 15, 16 })
        {
            ServerReceiveResult result = server.Receive(sent[k], ClientAddress, T0, _buffer);
            Assert.Equal(ServerEvent.Message, result.Event);
            Assert.True(delivered.Add(_buffer[1]));
        }

        Assert.All(sent, datagram => Assert.Equal(ChannelDropReason.Replay, server.Receive(datagram, ClientAddress, T0, _buffer).Drop));
    }

    [Fact]
    public void Racing_copies_from_another_address_move_nothing_and_get_at_most_3x_until_the_path_is_validated()
    {
        using ChannelServer server = NewServer();
        using var client = new ChannelClient();
        Handshake(client, server);
        client.AcceptServerKey(T0);
        byte[] datagram = Seal(client, (byte)ChatMessageType.Data, new byte[100]);

        // The attacker's copy arrives first from elsewhere: the content is processed, the path does not move.
        ServerReceiveResult spoofed = server.Receive(datagram, OtherAddress, T0, _buffer);
        Assert.Equal(ServerEvent.Message, spoofed.Event);
        Assert.True(spoofed.PathChallengeDue);
        long sentToOther = 0;
        for (int k = 0; k < 10; k++)
        {
            if (server.TryWritePathChallenge(spoofed.SessionId, T0 + TimeSpan.FromSeconds(k), _buffer, out int challengeLength, out IPEndPoint? to))
            {
                Assert.Equal(OtherAddress, to);
                sentToOther += challengeLength + 28;
            }
        }

        Assert.True(sentToOther <= 3 * (datagram.Length + 28));
        Assert.Equal(ChannelDropReason.Replay, server.Receive(datagram, ClientAddress, T0, _buffer).Drop);
        server.Seal(spoofed.SessionId, (byte)ChatMessageType.Ack, [], T0, _buffer, out IPEndPoint replyTo);
        Assert.Equal(ClientAddress, replyTo);
    }

    [Fact]
    public void A_real_address_change_is_validated_by_the_challenge_answered_from_the_new_address()
    {
        using ChannelServer server = NewServer();
        using var client = new ChannelClient();
        Handshake(client, server);
        client.AcceptServerKey(T0);
        ServerReceiveResult moved = server.Receive(Seal(client, (byte)ChatMessageType.Ping, []), OtherAddress, T0, _buffer);
        Assert.True(moved.PathChallengeDue);
        byte[] challenge = new byte[ChannelWire.MaxDatagram];
        Assert.True(server.TryWritePathChallenge(moved.SessionId, T0, challenge, out int length, out _));

        ClientReceiveResult answer = client.Receive(challenge.AsSpan(0, length), T0, _buffer);
        Assert.Equal(ClientEvent.Send, answer.Event);
        byte[] response = _buffer[..answer.Length];

        // The answer from the old address moves nothing; from the new one it does.
        byte[] copy = (byte[])response.Clone();
        Assert.Equal(ServerEvent.Dropped, server.Receive(copy, ClientAddress, T0, _buffer).Event);
        ClientReceiveResult answerAgain = client.Receive(challenge.AsSpan(0, length), T0, _buffer);
        Assert.Equal(ClientEvent.Dropped, answerAgain.Event);

        // A fresh challenge (the replay above burnt the first response) answered from the new address.
        Assert.True(server.TryWritePathChallenge(moved.SessionId, T0 + TimeSpan.FromSeconds(1), challenge, out length, out _));
        answer = client.Receive(challenge.AsSpan(0, length), T0, _buffer);
        Assert.Equal(ServerEvent.PathValidated, server.Receive(_buffer.AsSpan(0, answer.Length), OtherAddress, T0, new byte[ChannelWire.MaxDatagram]).Event);
        server.Seal(moved.SessionId, (byte)ChatMessageType.Pong, [], T0, _buffer, out IPEndPoint destination);
        Assert.Equal(OtherAddress, destination);
    }

    [Fact]
    public void Version_1_datagrams_get_only_error_unsupported_version_and_no_state()
    {
        using ChannelServer server = NewServer();
        byte[] hello = new byte[1200] /* a version-1 HELLO's size */;
        ChatPrefix.Write(hello, ChatMessageType.Hello);
        ServerReceiveResult result = server.Receive(hello, ClientAddress, T0, _buffer);
        Assert.Equal(ServerEvent.Reply, result.Event);
        Assert.True(HandshakeCodec.TryReadError(_buffer.AsSpan(0, result.Length), out ErrorMessage error));
        Assert.Equal(ChatErrorCode.UnsupportedVersion, error.Code);
        Assert.Equal(0, server.SessionCount);
    }

    [Fact]
    public void Openings_from_one_address_are_capped_while_another_address_still_gets_in()
    {
        using ChannelServer server = NewServer(new HandshakeLoadOptions { MaxPendingPerAddress = 2 });
        for (int k = 0; k < 5; k++)
        {
            using var flooder = new ChannelClient();
            int length = flooder.Start(T0, _buffer);
            server.Receive(_buffer.AsSpan(0, length), OtherAddress, T0, new byte[ChannelWire.MaxDatagram]);
        }

        Assert.Equal(2, server.SessionCount);
        using var client = new ChannelClient();
        Handshake(client, server);
        Assert.Equal(ChannelClientState.ServerKeyPresented, client.State);
    }

    private ChannelServer NewServer(HandshakeLoadOptions? load = null) =>
        new(_serverKey, "relay", new ChannelServerOptions { Load = load ?? new HandshakeLoadOptions() }, T0);

    private void Handshake(ChannelClient client, ChannelServer server)
    {
        byte[] datagram = new byte[ChannelWire.MaxDatagram];
        int length = client.Start(T0, datagram);
        ServerReceiveResult response = server.Receive(datagram.AsSpan(0, length), ClientAddress, T0, _buffer);
        Assert.Equal(ServerEvent.Reply, response.Event);
        Assert.Equal(ClientEvent.ServerKeyPresented, client.Receive(_buffer.AsSpan(0, response.Length), T0, datagram).Event);
    }

    private static byte[] Seal(ChannelClient client, byte type, ReadOnlySpan<byte> body)
    {
        byte[] datagram = new byte[ChannelWire.MaxDatagram];
        SealResult result = client.Seal(type, body, T0, datagram);
        Assert.True(result.IsSealed);
        return datagram[..result.Length];
    }

    /// <summary>The login exchange over the channel, as relay and client will run it, with cheap Argon2id.</summary>
    private void LogIn(ChannelClient client, ChannelServer server)
    {
        var cheap = new Argon2idParameters(8, 1, 1);
        byte[] salt = new byte[16];
        byte[] secret = new byte[32];
        Argon2idPasswordHash.Derive("hunter2", salt, cheap, secret);
        PasswordVerifier verifier = LoginProof.CreateVerifier(secret, salt, cheap);
        byte[] body = new byte[ChannelWire.MaxSealedBody];

        int length = LoginMessages.WriteLoginStart(body, "alice");
        ServerReceiveResult start = server.Receive(Seal(client, (byte)ChannelMessageType.LoginStart, body.AsSpan(0, length)), ClientAddress, T0, _buffer);
        Assert.Equal((byte)ChannelMessageType.LoginStart, start.InnerType);

        length = LoginMessages.WriteLoginParameters(body, new LoginParameters(verifier.Salt, verifier.Parameters));
        byte[] datagram = new byte[ChannelWire.MaxDatagram];
        int sealedLength = server.Seal(start.SessionId, (byte)ChannelMessageType.LoginParams, body.AsSpan(0, length), T0, datagram, out _).Length;
        ClientReceiveResult parameters = client.Receive(datagram.AsSpan(0, sealedLength), T0, _buffer);
        Assert.True(LoginMessages.TryReadLoginParameters(_buffer.AsSpan(1, parameters.Length), out LoginParameters? received));

        byte[] authMessage = new byte[LoginProof.MaxAuthMessageLength];
        int authLength = LoginProof.WriteAuthMessage("alice", received!.Salt, received.Parameters, client.Session.HandshakeHash, authMessage);
        byte[] proof = new byte[32];
        LoginProof.ComputeClientProof(secret, authMessage.AsSpan(0, authLength), proof);
        length = LoginMessages.WriteLoginProof(body, new LoginProofMessage("alice", proof));
        ServerReceiveResult proofResult = server.Receive(Seal(client, (byte)ChannelMessageType.LoginProof, body.AsSpan(0, length)), ClientAddress, T0, _buffer);
        Assert.True(LoginMessages.TryReadLoginProof(_buffer.AsSpan(1, proofResult.Length), out LoginProofMessage? proofMessage));

        // The server binds the proof to its own view of the handshake hash: the same bytes, since the channel is one.
        byte[] serverAuth = new byte[LoginProof.MaxAuthMessageLength];
        int serverAuthLength = LoginProof.WriteAuthMessage(proofMessage!.UserName, verifier.Salt, verifier.Parameters, client.Session.HandshakeHash, serverAuth);
        Assert.True(LoginProof.VerifyClientProof(verifier, serverAuth.AsSpan(0, serverAuthLength), proofMessage.ClientProof));
        server.CompleteLogin(proofResult.SessionId);
    }

    private static IEnumerable<byte[]> Tampered(byte[] genuine, int step)
    {
        for (int index = 0; index < genuine.Length; index += step)
        {
            byte[] copy = (byte[])genuine.Clone();
            copy[index] ^= 0x5A;
            yield return copy;
        }
    }
}
