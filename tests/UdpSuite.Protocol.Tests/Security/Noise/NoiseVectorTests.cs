using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Protocol.Tests.Security.Noise;

/// <summary>Every NN/NK/NX/XX/IK <c>25519_ChaChaPoly_SHA256</c> entry of the cacophony and snow vector files, byte for byte.</summary>
public sealed class NoiseVectorTests
{
    private static readonly IReadOnlyList<NoiseTestVector> Vectors = NoiseTestVector.LoadAll();

    public static TheoryData<int, string> Entries()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < Vectors.Count; i++)
        {
            data.Add(i, Vectors[i].ToString());
        }

        return data;
    }

    [Fact]
    public void The_vector_file_holds_both_sources_for_every_pattern()
    {
        foreach (HandshakePattern pattern in HandshakePattern.All)
        {
            Assert.Contains(Vectors, v => v.Source == "cacophony" && v.ProtocolName == pattern.ProtocolName);
            Assert.Contains(Vectors, v => v.Source == "snow" && v.ProtocolName == pattern.ProtocolName);
        }

        Assert.Equal(10, Vectors.Count);
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void Handshake_and_transport_messages_match_the_vector(int index, string name)
    {
        NoiseTestVector vector = Vectors[index];
        Assert.Equal(name, vector.ToString());
        HandshakePattern pattern = HandshakePattern.All.Single(p => p.ProtocolName == vector.ProtocolName);

        using NoiseKeyPair? initiatorStatic = vector.InitiatorStatic is null ? null : NoiseKeyPair.Import(vector.InitiatorStatic);
        using NoiseKeyPair? responderStatic = vector.ResponderStatic is null ? null : NoiseKeyPair.Import(vector.ResponderStatic);
        using var initiator = new HandshakeState(pattern, HandshakeRole.Initiator, vector.InitiatorPrologue, initiatorStatic,
            vector.InitiatorRemoteStatic ?? default, new FixedEphemeralKeys(vector.InitiatorEphemeral));
        using var responder = new HandshakeState(pattern, HandshakeRole.Responder, vector.ResponderPrologue, responderStatic,
            vector.ResponderRemoteStatic ?? default, new FixedEphemeralKeys(vector.ResponderEphemeral));

        int message = 0;
        byte[] buffer = new byte[NoiseConstants.MaxMessageLength];
        byte[] payload = new byte[NoiseConstants.MaxMessageLength];
        for (; message < pattern.Messages.Length; message++)
        {
            (byte[] expectedPayload, byte[] expectedCiphertext) = vector.Messages[message];
            (HandshakeState sender, HandshakeState receiver) = message % 2 == 0 ? (initiator, responder) : (responder, initiator);
            Assert.True(sender.IsMyTurn);
            Assert.Equal(expectedCiphertext.Length, sender.GetMessageLength(expectedPayload.Length));
            Assert.True(sender.TryWriteMessage(expectedPayload, buffer, out int written));
            Assert.Equal(Convert.ToHexString(expectedCiphertext), Convert.ToHexString(buffer, 0, written));
            Assert.True(receiver.TryReadMessage(expectedCiphertext, payload, out int read));
            Assert.Equal(Convert.ToHexString(expectedPayload), Convert.ToHexString(payload, 0, read));
        }

        Assert.True(initiator.IsComplete);
        Assert.True(responder.IsComplete);
        if (responderStatic is not null)
        {
            Assert.Equal(responderStatic.PublicKey.ToArray(), initiator.RemoteStaticPublicKey.ToArray());
        }

        using NoiseTransport initiatorTransport = initiator.Split();
        using NoiseTransport responderTransport = responder.Split();
        Assert.Equal(initiatorTransport.HandshakeHash.ToArray(), responderTransport.HandshakeHash.ToArray());
        if (vector.HandshakeHash is not null)
        {
            Assert.Equal(Convert.ToHexString(vector.HandshakeHash), Convert.ToHexString(initiatorTransport.HandshakeHash));
        }

        Assert.True(vector.Messages.Count > pattern.Messages.Length, "the vector has transport messages");
        for (; message < vector.Messages.Count; message++)
        {
            (byte[] expectedPayload, byte[] expectedCiphertext) = vector.Messages[message];
            (NoiseTransport sender, NoiseTransport receiver) = message % 2 == 0
                ? (initiatorTransport, responderTransport)
                : (responderTransport, initiatorTransport);
            int written = sender.Sending.EncryptWithAd(ReadOnlySpan<byte>.Empty, expectedPayload, buffer);
            Assert.Equal(Convert.ToHexString(expectedCiphertext), Convert.ToHexString(buffer, 0, written));
            Assert.True(receiver.Receiving.TryDecryptWithAd(ReadOnlySpan<byte>.Empty, expectedCiphertext, payload, out int read));
            Assert.Equal(Convert.ToHexString(expectedPayload), Convert.ToHexString(payload, 0, read));
        }
    }
}
