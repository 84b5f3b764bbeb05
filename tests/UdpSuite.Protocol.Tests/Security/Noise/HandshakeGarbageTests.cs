using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Protocol.Tests.Security.Noise;

/// <summary>Arbitrary bytes as handshake messages: always a value (accepted or rejected), never an exception.</summary>
public sealed class HandshakeGarbageTests
{
    [Fact]
    public void Random_message_2_candidates_are_all_rejected_without_exceptions_and_the_real_one_still_works()
    {
        var random = new Random(15);
        using NoiseKeyPair server = NoiseKeyPair.Generate();
        using var client = new HandshakeState(HandshakePattern.NX, HandshakeRole.Initiator, [1, 2, 3]);
        using var responder = new HandshakeState(HandshakePattern.NX, HandshakeRole.Responder, [1, 2, 3], server);
        byte[] buffer = new byte[2048];
        Assert.True(client.TryWriteMessage([], buffer, out int first));
        Assert.True(responder.TryReadMessage(buffer.AsSpan(0, first), new byte[16], out _));
        Assert.True(responder.TryWriteMessage([7, 7], buffer, out int second));
        byte[] genuine = buffer[..second];

        byte[] payload = new byte[2048];
        for (int i = 0; i < 2000; i++)
        {
            byte[] candidate = new byte[random.Next(0, 300)];
            random.NextBytes(candidate);
            Assert.False(client.TryReadMessage(candidate, payload, out int length));
            Assert.Equal(0, length);
        }

        Assert.True(client.TryReadMessage(genuine, payload, out int read));
        Assert.Equal([7, 7], payload[..read]);
    }

    [Fact]
    public void Random_message_1_candidates_never_throw()
    {
        var random = new Random(16);
        using NoiseKeyPair server = NoiseKeyPair.Generate();
        byte[] payload = new byte[2048];
        byte[] reply = new byte[2048];
        int accepted = 0;
        for (int i = 0; i < 500; i++)
        {
            byte[] candidate = new byte[random.Next(0, 100)];
            random.NextBytes(candidate);
            using var responder = new HandshakeState(HandshakePattern.NX, HandshakeRole.Responder, [], server);

            // NX message 1 is an unauthenticated ephemeral key plus a clear payload: any 32+ bytes are acceptable,
            // fewer are not; writing the reply then succeeds unless the key is a low-order point.
            bool read = responder.TryReadMessage(candidate, payload, out _);
            Assert.Equal(candidate.Length >= 32, read);
            if (read && responder.TryWriteMessage([], reply, out _))
            {
                accepted++;
            }
        }

        Assert.True(accepted > 0);
    }
}
