using UdpSuite.Protocol.Security;
using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Server.Security;

/// <summary>The server's static X25519 key pair (Noise's responder <c>s</c>), its fingerprint and where it is stored.</summary>
public sealed class ServerIdentity : IDisposable
{
    internal ServerIdentity(NoiseKeyPair keyPair, string path, bool created)
    {
        KeyPair = keyPair;
        Path = path;
        Created = created;
        Fingerprint = ServerKeyFingerprint.Of(keyPair.PublicKey);
    }

    /// <summary>The key pair; disposed with this identity.</summary>
    public NoiseKeyPair KeyPair { get; }

    /// <summary>What clients pin: <c>SHA256:...</c>.</summary>
    public ServerKeyFingerprint Fingerprint { get; }

    /// <summary>The key file.</summary>
    public string Path { get; }

    /// <summary>Whether this call created the key (first start): the operator should be told the new fingerprint.</summary>
    public bool Created { get; }

    public void Dispose() => KeyPair.Dispose();
}
