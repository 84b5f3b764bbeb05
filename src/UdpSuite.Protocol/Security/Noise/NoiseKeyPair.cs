using NSec.Cryptography;

namespace UdpSuite.Protocol.Security.Noise;

/// <summary>
/// An X25519 key pair (Noise's <c>s</c> or <c>e</c>). The private key stays inside NSec's secure memory; it can be
/// exported only when the pair was created exportable (the server's key store writes it to disk).
/// </summary>
public sealed class NoiseKeyPair : IDisposable
{
    private readonly Key _privateKey;
    private readonly byte[] _publicKey;

    private NoiseKeyPair(Key privateKey)
    {
        _privateKey = privateKey;
        _publicKey = privateKey.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The 32-byte public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    internal Key PrivateKey => _privateKey;

    /// <summary>A fresh random key pair.</summary>
    public static NoiseKeyPair Generate(bool exportable = false) =>
        new(Key.Create(KeyAgreementAlgorithm.X25519, CreationParameters(exportable)));

    /// <summary>The key pair of a 32-byte raw X25519 private key (RFC 7748 scalar, clamped by X25519 itself).</summary>
    public static NoiseKeyPair Import(ReadOnlySpan<byte> privateKey, bool exportable = false)
    {
        if (privateKey.Length != NoiseConstants.DhLength)
        {
            throw new ArgumentException($"An X25519 private key is {NoiseConstants.DhLength} bytes, not {privateKey.Length}.", nameof(privateKey));
        }

        return new(Key.Import(KeyAgreementAlgorithm.X25519, privateKey, KeyBlobFormat.RawPrivateKey, CreationParameters(exportable)));
    }

    /// <summary>Copies the 32-byte raw private key into <paramref name="destination"/> (only for exportable pairs).</summary>
    public void ExportPrivateKey(Span<byte> destination)
    {
        if (destination.Length != NoiseConstants.DhLength)
        {
            throw new ArgumentException($"The destination must be {NoiseConstants.DhLength} bytes.", nameof(destination));
        }

        if ((_privateKey.ExportPolicy & KeyExportPolicies.AllowPlaintextExport) == 0)
        {
            throw new InvalidOperationException("This key pair was not created exportable.");
        }

        if (!_privateKey.TryExport(KeyBlobFormat.RawPrivateKey, destination, out int written) || written != NoiseConstants.DhLength)
        {
            throw new InvalidOperationException("The private key could not be exported.");
        }
    }

    public void Dispose() => _privateKey.Dispose();

    private static KeyCreationParameters CreationParameters(bool exportable) => new()
    {
        ExportPolicy = exportable ? KeyExportPolicies.AllowPlaintextExport : KeyExportPolicies.None,
    };
}
