using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Protocol.Tests.Security.Channel;

/// <summary>Completed NX handshakes for the channel tests: transports for both sides of one channel.</summary>
internal static class ChannelTestKeys
{
    public static (NoiseTransport Client, NoiseTransport Server) Handshake(ulong handshakeId = 7)
    {
        using NoiseKeyPair serverKey = NoiseKeyPair.Generate();
        byte[] prologue = new byte[ChannelWire.PrologueLength];
        ChannelWire.WritePrologue(handshakeId, prologue);
        using var client = new HandshakeState(HandshakePattern.NX, HandshakeRole.Initiator, prologue);
        using var server = new HandshakeState(HandshakePattern.NX, HandshakeRole.Responder, prologue, serverKey);
        byte[] message = new byte[256];
        byte[] payload = new byte[256];
        Assert.True(client.TryWriteMessage([], message, out int length));
        Assert.True(server.TryReadMessage(message.AsSpan(0, length), payload, out _));
        Assert.True(server.TryWriteMessage([], message, out length));
        Assert.True(client.TryReadMessage(message.AsSpan(0, length), payload, out _));
        return (client.Split(), server.Split());
    }

    public static (SealedSession Client, SealedSession Server) Sessions(ulong sessionId = 42, TransportRekeyPolicy? policy = null)
    {
        (NoiseTransport client, NoiseTransport server) = Handshake();
        return (new SealedSession(client, sessionId, TimeSpan.Zero, policy), new SealedSession(server, sessionId, TimeSpan.Zero, policy));
    }
}
