namespace UdpSuite.Protocol.Security.Noise;

/// <summary>Sizes fixed by the Noise Protocol Framework (revision 34) for <c>25519_ChaChaPoly_SHA256</c>.</summary>
public static class NoiseConstants
{
    /// <summary>DHLEN: an X25519 public key or shared secret.</summary>
    public const int DhLength = 32;

    /// <summary>HASHLEN: a SHA-256 output (the chaining key and the handshake hash).</summary>
    public const int HashLength = 32;

    /// <summary>A ChaCha20-Poly1305 key.</summary>
    public const int KeyLength = 32;

    /// <summary>The Poly1305 tag every encrypted payload carries.</summary>
    public const int TagLength = 16;

    /// <summary>Noise messages (handshake and transport) are at most 65535 bytes (§3).</summary>
    public const int MaxMessageLength = 65535;

    /// <summary>The cipher suite part of every protocol name this implementation supports.</summary>
    public const string Suite = "25519_ChaChaPoly_SHA256";
}
