namespace UdpSuite.Protocol.Security.Noise;

/// <summary>
/// What a completed handshake hands over (Split, §5.2): one CipherState per direction, from this side's point of view,
/// and the final handshake hash, which names the channel (channel binding, §11.2). Owns and disposes both ciphers.
/// </summary>
public sealed class NoiseTransport : IDisposable
{
    private readonly byte[] _handshakeHash;

    internal NoiseTransport(CipherState sending, CipherState receiving, ReadOnlySpan<byte> handshakeHash)
    {
        Sending = sending;
        Receiving = receiving;
        _handshakeHash = handshakeHash.ToArray();
    }

    /// <summary>Seals what this side sends.</summary>
    public CipherState Sending { get; }

    /// <summary>Opens what the peer sends.</summary>
    public CipherState Receiving { get; }

    /// <summary>The 32-byte handshake hash <c>h</c>: equal on both sides, unique to this handshake.</summary>
    public ReadOnlySpan<byte> HandshakeHash => _handshakeHash;

    public void Dispose()
    {
        Sending.Dispose();
        Receiving.Dispose();
    }
}
