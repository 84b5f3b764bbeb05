using System.Security.Cryptography;
using System.Text;
using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Protocol.Tests.Security.Noise;

/// <summary>The v2 handshake (NX) with random keys: who learns what, and what a forged or corrupted message does.</summary>
public sealed class NxHandshakeTests
{
    private static readonly byte[] Prologue = Encoding.ASCII.GetBytes("udpsuite chat v2");

    [Fact]
    public void Client_learns_the_server_key_and_both_sides_agree_on_keys_and_hash()
    {
        using NoiseKeyPair server = NoiseKeyPair.Generate();
        using var pair = new HandshakePair(server);
        pair.RunToCompletion();

        using NoiseTransport client = pair.Client.Split();
        using NoiseTransport responder = pair.Server.Split();
        Assert.Equal(NoiseConstants.HashLength, client.HandshakeHash.Length);
        Assert.Equal(client.HandshakeHash.ToArray(), responder.HandshakeHash.ToArray());
        AssertChannel(client, responder);
        AssertChannel(responder, client);
    }

    [Fact]
    public void The_server_key_is_known_to_the_client_after_message_2_before_it_sends_anything_else()
    {
        using NoiseKeyPair server = NoiseKeyPair.Generate();
        using var pair = new HandshakePair(server);
        Assert.True(pair.Client.RemoteStaticPublicKey.IsEmpty);
        HandshakePair.Deliver(pair.Client, pair.Server, "");
        HandshakePair.Deliver(pair.Server, pair.Client, "");
        Assert.Equal(server.PublicKey.ToArray(), pair.Client.RemoteStaticPublicKey.ToArray());
        Assert.True(pair.Client.IsComplete);
    }

    [Fact]
    public void Message_1_carries_only_the_clients_ephemeral_key_in_clear()
    {
        using NoiseKeyPair server = NoiseKeyPair.Generate();
        using var client = new HandshakeState(HandshakePattern.NX, HandshakeRole.Initiator, Prologue);
        Assert.Equal(NoiseConstants.DhLength, client.GetMessageLength(0));

        // Message 2: e (32) + encrypted s (32 + 16) + encrypted payload tag (16).
        using var responder = new HandshakeState(HandshakePattern.NX, HandshakeRole.Responder, Prologue, server);
        byte[] first = new byte[64];
        Assert.True(responder.TryReadMessage(first.AsSpan(0, Written(client, first)), new byte[1], out _));
        Assert.Equal(96, responder.GetMessageLength(0));
    }

    [Fact]
    public void Every_single_bit_flip_in_message_2_is_rejected_and_the_genuine_message_still_completes()
    {
        using NoiseKeyPair server = NoiseKeyPair.Generate();
        using var pair = new HandshakePair(server);
        HandshakePair.Deliver(pair.Client, pair.Server, "");
        byte[] message = HandshakePair.Write(pair.Server, "welcome");
        byte[] payload = new byte[message.Length];
        for (int bit = 0; bit < message.Length * 8; bit++)
        {
            byte[] forged = (byte[])message.Clone();
            forged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(pair.Client.TryReadMessage(forged, payload, out int length), $"bit {bit} accepted");
            Assert.Equal(0, length);
            Assert.True(pair.Client.RemoteStaticPublicKey.IsEmpty);
        }

        Assert.False(pair.Client.TryReadMessage(message.AsSpan(0, message.Length - 1), payload, out _));
        Assert.True(pair.Client.TryReadMessage(message, payload, out int read));
        Assert.Equal("welcome", Encoding.UTF8.GetString(payload, 0, read));
        Assert.True(pair.Client.IsComplete);
        using NoiseTransport client = pair.Client.Split();
        using NoiseTransport responder = pair.Server.Split();
        AssertChannel(client, responder);
    }

    [Fact]
    public void A_different_prologue_makes_message_2_fail()
    {
        using NoiseKeyPair server = NoiseKeyPair.Generate();
        using var client = new HandshakeState(HandshakePattern.NX, HandshakeRole.Initiator, Prologue);
        using var responder = new HandshakeState(HandshakePattern.NX, HandshakeRole.Responder, Encoding.ASCII.GetBytes("udpsuite chat v3"), server);
        byte[] buffer = new byte[256];
        Assert.True(responder.TryReadMessage(buffer.AsSpan(0, Written(client, buffer)), buffer.AsSpan(128), out _));
        int length = Written(responder, buffer);
        Assert.False(client.TryReadMessage(buffer.AsSpan(0, length), new byte[128], out _));
    }

    [Fact]
    public void A_low_order_ephemeral_key_is_rejected()
    {
        using NoiseKeyPair server = NoiseKeyPair.Generate();
        using var responder = new HandshakeState(HandshakePattern.NX, HandshakeRole.Responder, Prologue, server);

        // The all-zero point has order 1 (RFC 7748 §6.1): X25519 with it is all zeros. NX's responder first uses the
        // key when writing message 2 (ee), so the degenerate DH is refused there instead of silently agreeing on zeros,
        // and the failed handshake cannot be used any further.
        Assert.True(responder.TryReadMessage(new byte[32], new byte[1], out _));
        Assert.False(responder.TryWriteMessage([], new byte[128], out int length));
        Assert.Equal(0, length);
        Assert.Throws<InvalidOperationException>(() => responder.TryWriteMessage([], new byte[128], out _));
    }

    [Fact]
    public void NK_with_a_wrong_server_key_fails_at_the_server_which_is_why_v2_uses_NX()
    {
        using NoiseKeyPair server = NoiseKeyPair.Generate();
        using NoiseKeyPair other = NoiseKeyPair.Generate();
        using var client = new HandshakeState(HandshakePattern.NK, HandshakeRole.Initiator, Prologue, null, other.PublicKey);
        using var responder = new HandshakeState(HandshakePattern.NK, HandshakeRole.Responder, Prologue, server);
        byte[] buffer = new byte[128];
        int length = Written(client, buffer);
        Assert.False(responder.TryReadMessage(buffer.AsSpan(0, length), new byte[128], out _));
    }

    [Fact]
    public void Two_handshakes_between_the_same_peers_have_different_hashes_and_keys()
    {
        using NoiseKeyPair server = NoiseKeyPair.Generate();
        using var first = new HandshakePair(server);
        using var second = new HandshakePair(server);
        first.RunToCompletion();
        second.RunToCompletion();
        using NoiseTransport a = first.Client.Split();
        using NoiseTransport b = second.Client.Split();
        Assert.NotEqual(a.HandshakeHash.ToArray(), b.HandshakeHash.ToArray());

        byte[] sealedByA = new byte[64];
        int length = a.Sending.EncryptWithNonce(0, [], [1, 2, 3], sealedByA);
        using NoiseTransport serverB = second.Server.Split();
        Assert.False(serverB.Receiving.TryDecryptWithNonce(0, [], sealedByA.AsSpan(0, length), new byte[64], out _));
    }

    [Fact]
    public void Misuse_is_refused_with_a_clear_exception()
    {
        using NoiseKeyPair server = NoiseKeyPair.Generate();
        Assert.Throws<ArgumentException>(() => new HandshakeState(HandshakePattern.NX, HandshakeRole.Responder, Prologue));
        Assert.Throws<ArgumentException>(() => new HandshakeState(HandshakePattern.NX, HandshakeRole.Initiator, Prologue, server));
        Assert.Throws<ArgumentException>(() => new HandshakeState(HandshakePattern.NK, HandshakeRole.Initiator, Prologue));

        using var pair = new HandshakePair(server);
        Assert.Throws<InvalidOperationException>(() => pair.Server.TryWriteMessage([], new byte[128], out _));
        Assert.Throws<InvalidOperationException>(() => pair.Client.Split());
        Assert.Throws<ArgumentException>(() => pair.Client.TryWriteMessage([], new byte[31], out _));
        HandshakePair.Deliver(pair.Client, pair.Server, "");
        byte[] second = HandshakePair.Write(pair.Server, "0123456789");
        Assert.Throws<ArgumentException>(() => pair.Client.TryReadMessage(second, new byte[9], out _));
        Assert.True(pair.Client.TryReadMessage(second, new byte[10], out _));
        using NoiseTransport transport = pair.Client.Split();
        Assert.Throws<InvalidOperationException>(() => pair.Client.Split());
        Assert.Throws<InvalidOperationException>(() => pair.Client.HandshakeHash.Length);
    }

    private static int Written(HandshakeState sender, byte[] buffer)
    {
        Assert.True(sender.TryWriteMessage([], buffer, out int length));
        return length;
    }

    private static void AssertChannel(NoiseTransport sender, NoiseTransport receiver)
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(100);
        byte[] ciphertext = new byte[plaintext.Length + NoiseConstants.TagLength];
        byte[] opened = new byte[plaintext.Length];
        for (ulong packetNumber = 0; packetNumber < 3; packetNumber++)
        {
            Assert.Equal(ciphertext.Length, sender.Sending.EncryptWithNonce(packetNumber, [0xAA], plaintext, ciphertext));
            Assert.True(receiver.Receiving.TryDecryptWithNonce(packetNumber, [0xAA], ciphertext, opened, out int length));
            Assert.Equal(plaintext, opened[..length]);
        }
    }

    /// <summary>A client (NX initiator) and a server (NX responder) with a random ephemeral key each.</summary>
    private sealed class HandshakePair(NoiseKeyPair server) : IDisposable
    {
        public HandshakeState Client { get; } = new(HandshakePattern.NX, HandshakeRole.Initiator, Prologue);

        public HandshakeState Server { get; } = new(HandshakePattern.NX, HandshakeRole.Responder, Prologue, server);

        public static byte[] Write(HandshakeState sender, string payload)
        {
            byte[] buffer = new byte[NoiseConstants.MaxMessageLength];
            Assert.True(sender.TryWriteMessage(Encoding.UTF8.GetBytes(payload), buffer, out int length));
            return buffer[..length];
        }

        public static void Deliver(HandshakeState sender, HandshakeState receiver, string payload)
        {
            byte[] message = Write(sender, payload);
            byte[] buffer = new byte[message.Length];
            Assert.True(receiver.TryReadMessage(message, buffer, out int length));
            Assert.Equal(payload, Encoding.UTF8.GetString(buffer, 0, length));
        }

        public void RunToCompletion()
        {
            Deliver(Client, Server, "");
            Deliver(Server, Client, "server hello");
        }

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }
}
