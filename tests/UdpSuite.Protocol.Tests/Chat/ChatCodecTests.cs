using System.Security.Cryptography;
using System.Text;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Protocol.Tests.Chat;

public sealed class ChatCodecTests
{
    [Fact]
    public void Hello_is_padded_to_1200_bytes_and_round_trips()
    {
        byte[] nonce = RandomNumberGenerator.GetBytes(16);
        byte[] buffer = new byte[ChatWire.MaxDatagram];
        int length = HandshakeCodec.WriteHello(buffer, "狗哥alex", nonce);
        Assert.Equal(ChatWire.MinHelloLength, length);
        Assert.True(ChatPrefix.TryRead(buffer.AsSpan(0, length), out ChatMessageType type));
        Assert.Equal(ChatMessageType.Hello, type);
        Assert.True(HandshakeCodec.TryReadHello(buffer.AsSpan(0, length), out HelloMessage hello));
        Assert.Equal("狗哥alex", hello.UserName);
        Assert.Equal(nonce, hello.ClientNonce);
    }

    [Fact]
    public void Scram_login_succeeds_with_the_right_password_and_fails_with_a_wrong_one()
    {
        ScramVerifier verifier = Scram.CreateVerifier("s3cret 口令", ScramVerifier.MinIterations);
        var challenge = new ChallengeMessage(RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(16), verifier.Salt, verifier.Iterations);
        byte[] auth = Scram.AuthMessage("瞎驴", challenge);

        (byte[] clientKey, byte[] storedKey, byte[] serverKey) = Scram.DeriveKeys("s3cret 口令", verifier.Salt, verifier.Iterations);
        byte[] proof = Scram.ClientProof(clientKey, storedKey, auth);
        byte[]? recovered = Scram.VerifyClientProof(verifier, auth, proof);
        Assert.NotNull(recovered);
        Assert.Equal(Scram.ServerSignature(verifier.ServerKey, auth), Scram.ServerSignature(serverKey, auth));
        SessionKeys serverSide = Scram.DeriveSessionKeys(recovered, auth);
        SessionKeys clientSide = Scram.DeriveSessionKeys(clientKey, auth);
        Assert.Equal(clientSide.ClientToServer, serverSide.ClientToServer);
        Assert.NotEqual(clientSide.ClientToServer, clientSide.ServerToClient);

        (byte[] wrongKey, byte[] wrongStored, _) = Scram.DeriveKeys("guess", verifier.Salt, verifier.Iterations);
        Assert.Null(Scram.VerifyClientProof(verifier, auth, Scram.ClientProof(wrongKey, wrongStored, auth)));
    }

    [Fact]
    public void Secure_frame_detects_tampering_and_wrong_keys()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] datagram = new byte[ChatWire.MaxDatagram];
        int bodyLength = SessionBodyCodec.WriteAck(SecureFrame.BodyArea(datagram), new AckBody(Guid.NewGuid(), 3));
        int length = SecureFrame.Seal(datagram, ChatMessageType.Ack, 42, 7, bodyLength, key);

        Assert.True(SecureFrame.TryPeekSession(datagram.AsSpan(0, length), out ulong session));
        Assert.Equal(42UL, session);
        Assert.True(SecureFrame.TryOpen(datagram.AsSpan(0, length), key, out ulong sequence, out ReadOnlySpan<byte> body));
        Assert.Equal(7UL, sequence);
        Assert.True(SessionBodyCodec.TryReadAck(body, out AckBody ack));
        Assert.Equal(3, ack.Index);

        Assert.False(SecureFrame.TryOpen(datagram.AsSpan(0, length), RandomNumberGenerator.GetBytes(32), out _, out _));
        datagram[25] ^= 1;
        Assert.False(SecureFrame.TryOpen(datagram.AsSpan(0, length), key, out _, out _));
    }

    [Fact]
    public void Replay_window_accepts_each_sequence_once_and_tolerates_reordering()
    {
        var window = new ReplayWindow();
        Assert.True(window.Accept(5));
        Assert.False(window.Accept(5));
        Assert.True(window.Accept(3));
        Assert.True(window.Accept(100));
        Assert.False(window.Accept(3));
        Assert.True(window.Accept(99));
        Assert.False(window.Accept(36)); // older than the 64-wide window
        Assert.False(window.Accept(0));
    }

    [Fact]
    public void Large_envelope_fragments_and_reassembles_in_any_order_with_duplicates()
    {
        string text = string.Concat(Enumerable.Repeat("一棵树🌲 tree ", 2000));
        byte[] envelope = EnvelopeCodec.EncodeDelivery(new DeliveryEnvelope(9, 8, 1_700_000_000_000, "武大郎", "一棵树", text));
        int count = EnvelopeCodec.FragmentCount(envelope.Length);
        Assert.True(count > 1 && count <= SessionBodyCodec.MaxFragments);
        var id = Guid.NewGuid();
        var reassembler = new Reassembler();
        byte[]? whole = null;
        foreach (int index in Enumerable.Range(0, count).Reverse().Concat([0, 1]))
        {
            whole ??= reassembler.Add(id, (ushort)index, (ushort)count, EnvelopeCodec.Fragment(envelope, index));
        }

        Assert.NotNull(whole);
        Assert.True(EnvelopeCodec.TryDecodeDelivery(whole, out DeliveryEnvelope decoded));
        Assert.Equal(("武大郎", "一棵树", text, 9UL), (decoded.From, decoded.To, decoded.Text, decoded.ServerSequence));
    }

    [Fact]
    public void Error_text_is_cut_at_a_character_boundary_to_respect_the_budget()
    {
        byte[] buffer = new byte[ChatWire.MaxDatagram];
        int length = HandshakeCodec.WriteError(buffer, ChatErrorCode.UserExists, new string('名', 100), 40);
        Assert.True(length <= 40);
        Assert.True(HandshakeCodec.TryReadError(buffer.AsSpan(0, length), out ErrorMessage error));
        Assert.Equal(ChatErrorCode.UserExists, error.Code);
        Assert.True(Encoding.UTF8.GetByteCount(error.Text) % 3 == 0);
    }

    [Fact]
    public void Decoders_reject_truncated_input_without_throwing()
    {
        byte[] buffer = new byte[ChatWire.MaxDatagram];
        int length = HandshakeCodec.WriteHello(buffer, "user", new byte[16]);
        for (int cut = ChatWire.PrefixLength; cut < 30; cut++)
        {
            HandshakeCodec.TryReadHello(buffer.AsSpan(0, cut), out _);
            HandshakeCodec.TryReadChallenge(buffer.AsSpan(0, cut), out _);
            HandshakeCodec.TryReadProof(buffer.AsSpan(0, cut), out _);
            HandshakeCodec.TryReadRegister(buffer.AsSpan(0, cut), out _);
            SessionBodyCodec.TryReadData(buffer.AsSpan(0, cut), out _);
            SessionBodyCodec.TryReadReceipt(buffer.AsSpan(0, cut), out _);
            EnvelopeCodec.TryDecodeDelivery(buffer.AsSpan(0, cut), out _);
        }

        Assert.True(length > 0);
    }

    [Fact]
    public void Retransmission_timeout_follows_rtt_and_backs_off()
    {
        var timer = new RetransmissionTimer();
        Assert.Equal(RetransmissionTimer.Initial, timer.Timeout);
        for (int k = 0; k < 20; k++)
        {
            timer.Sample(TimeSpan.FromMilliseconds(2));
        }

        Assert.True(timer.Timeout < TimeSpan.FromMilliseconds(30));
        TimeSpan before = timer.Timeout;
        timer.Backoff();
        Assert.Equal(before * 2, timer.Timeout);
    }
}

public sealed class OutboundMessageTests
{
    [Fact]
    public void Fragments_are_due_until_acknowledged_with_backoff_per_send()
    {
        var message = new OutboundMessage(Guid.NewGuid(), new byte[3000]);
        TimeSpan rto = TimeSpan.FromMilliseconds(100);
        Assert.Equal(3, message.FragmentCount);
        Assert.True(message.IsDue(0, 0, rto));
        message.MarkSent(0, 0);
        Assert.False(message.IsDue(0, TimeSpan.FromMilliseconds(99).Ticks, rto));
        Assert.True(message.IsDue(0, TimeSpan.FromMilliseconds(100).Ticks, rto));
        message.MarkSent(0, TimeSpan.FromMilliseconds(100).Ticks);
        Assert.False(message.IsDue(0, TimeSpan.FromMilliseconds(299).Ticks, rto)); // doubled
        Assert.Null(message.Acknowledge(0, TimeSpan.FromMilliseconds(300).Ticks)); // Karn: retransmitted, no sample
        message.MarkSent(1, 0);
        Assert.Equal(TimeSpan.FromMilliseconds(5), message.Acknowledge(1, TimeSpan.FromMilliseconds(5).Ticks));
        Assert.Null(message.Acknowledge(1, 0));
        Assert.False(message.IsComplete);
        message.MarkSent(2, 0);
        message.Acknowledge(2, 1);
        Assert.True(message.IsComplete);
        Assert.Equal(long.MaxValue, message.NextDueTicks(rto));
    }
}
