namespace UdpSuite.Protocol.Security.Noise;

/// <summary>
/// Where a handshake gets its ephemeral key pairs. Production code always uses <see cref="RandomEphemeralKeySource"/>;
/// the seam exists so the published test vectors (which fix the ephemeral keys) can be replayed byte for byte.
/// </summary>
internal interface IEphemeralKeySource
{
    /// <summary>A new key pair that the caller owns and disposes.</summary>
    NoiseKeyPair Next();
}

/// <summary>Fresh random ephemeral keys (libsodium's CSPRNG).</summary>
internal sealed class RandomEphemeralKeySource : IEphemeralKeySource
{
    public static readonly RandomEphemeralKeySource Instance = new();

    private RandomEphemeralKeySource()
    {
    }

    public NoiseKeyPair Next() => NoiseKeyPair.Generate();
}
