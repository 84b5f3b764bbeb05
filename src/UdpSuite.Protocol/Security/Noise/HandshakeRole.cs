namespace UdpSuite.Protocol.Security.Noise;

/// <summary>Which side of a handshake a <see cref="HandshakeState"/> plays.</summary>
public enum HandshakeRole
{
    /// <summary>Sends the first message (the chat client).</summary>
    Initiator,

    /// <summary>Answers the first message (the chat server).</summary>
    Responder,
}
