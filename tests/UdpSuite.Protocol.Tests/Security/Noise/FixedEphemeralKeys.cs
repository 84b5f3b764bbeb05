using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Protocol.Tests.Security.Noise;

/// <summary>Hands out the ephemeral private keys a test vector fixes, in order.</summary>
internal sealed class FixedEphemeralKeys(params byte[][] privateKeys) : IEphemeralKeySource
{
    private readonly Queue<byte[]> _keys = new(privateKeys);

    public NoiseKeyPair Next() => NoiseKeyPair.Import(_keys.Dequeue());
}
