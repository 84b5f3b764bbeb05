using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using IncrementalHash = System.Security.Cryptography.IncrementalHash;

namespace UdpSuite.Protocol.Security.Noise;

/// <summary>Noise's SymmetricState (§5.2): the chaining key <c>ck</c>, the handshake hash <c>h</c> and a CipherState.</summary>
internal sealed class SymmetricState : IDisposable
{
    private readonly byte[] _chainingKey = GC.AllocateArray<byte>(NoiseConstants.HashLength, pinned: true);
    private readonly byte[] _hash = new byte[NoiseConstants.HashLength];
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly CipherState _cipher = new();

    /// <summary>InitializeSymmetric(protocol_name).</summary>
    public SymmetricState(string protocolName)
    {
        int length = Encoding.ASCII.GetByteCount(protocolName);
        Span<byte> name = stackalloc byte[length];
        Encoding.ASCII.GetBytes(protocolName, name);
        if (length <= NoiseConstants.HashLength)
        {
            name.CopyTo(_hash);
        }
        else
        {
            SHA256.HashData(name, _hash);
        }

        _hash.CopyTo(_chainingKey);
    }

    public bool HasKey => _cipher.HasKey;

    /// <summary>The handshake hash <c>h</c>.</summary>
    public ReadOnlySpan<byte> HandshakeHash => _hash;

    /// <summary>MixKey(DH output).</summary>
    public void MixKey(SharedSecret dhOutput)
    {
        Span<byte> output = stackalloc byte[NoiseHkdf.TwoOutputsLength];
        NoiseHkdf.DeriveTwo(_chainingKey, dhOutput, output);
        output[..NoiseConstants.HashLength].CopyTo(_chainingKey);
        _cipher.InitializeKey(output[NoiseConstants.HashLength..]);
        CryptographicOperations.ZeroMemory(output);
    }

    /// <summary>MixHash(data): <c>h = SHA-256(h || data)</c>.</summary>
    public void MixHash(ReadOnlySpan<byte> data) => HashInto(data, _hash);

    /// <summary>EncryptAndHash(plaintext); returns the ciphertext length.</summary>
    public int EncryptAndHash(ReadOnlySpan<byte> plaintext, Span<byte> ciphertext)
    {
        int written = _cipher.EncryptWithAd(_hash, plaintext, ciphertext);
        MixHash(ciphertext[..written]);
        return written;
    }

    /// <summary>DecryptAndHash(ciphertext); false (and nothing changed) when it does not authenticate.</summary>
    public bool TryDecryptAndHash(ReadOnlySpan<byte> ciphertext, Span<byte> plaintext, out int written)
    {
        // The next h covers the ciphertext: compute it first, since the plaintext may be written over the ciphertext.
        Span<byte> nextHash = stackalloc byte[NoiseConstants.HashLength];
        HashInto(ciphertext, nextHash);
        if (!_cipher.TryDecryptWithAd(_hash, ciphertext, plaintext, out written))
        {
            return false;
        }

        nextHash.CopyTo(_hash);
        return true;
    }

    /// <summary>Split(): the initiator-to-responder and the responder-to-initiator CipherStates.</summary>
    public (CipherState InitiatorToResponder, CipherState ResponderToInitiator) Split()
    {
        Span<byte> output = stackalloc byte[NoiseHkdf.TwoOutputsLength];
        NoiseHkdf.DeriveTwoFromEmpty(_chainingKey, output);
        var first = new CipherState(output[..NoiseConstants.KeyLength]);
        var second = new CipherState(output[NoiseConstants.HashLength..(NoiseConstants.HashLength + NoiseConstants.KeyLength)]);
        CryptographicOperations.ZeroMemory(output);
        return (first, second);
    }

    /// <summary>The state a handshake saves before reading a message, to undo it if the message is rejected.</summary>
    public void SaveTo(Span<byte> snapshot, out bool hasKey, out ulong nonce)
    {
        _chainingKey.CopyTo(snapshot);
        _hash.CopyTo(snapshot[NoiseConstants.HashLength..]);
        _cipher.SaveTo(snapshot[(2 * NoiseConstants.HashLength)..], out hasKey, out nonce);
    }

    public void RestoreFrom(ReadOnlySpan<byte> snapshot, bool hasKey, ulong nonce)
    {
        snapshot[..NoiseConstants.HashLength].CopyTo(_chainingKey);
        snapshot[NoiseConstants.HashLength..(2 * NoiseConstants.HashLength)].CopyTo(_hash);
        _cipher.RestoreFrom(snapshot[(2 * NoiseConstants.HashLength)..], hasKey, nonce);
    }

    /// <summary>Bytes <see cref="SaveTo"/> needs.</summary>
    public const int SnapshotLength = (2 * NoiseConstants.HashLength) + NoiseConstants.KeyLength;

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_chainingKey);
        CryptographicOperations.ZeroMemory(_hash);
        _sha256.Dispose();
        _cipher.Dispose();
    }

    private void HashInto(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        _sha256.AppendData(_hash);
        _sha256.AppendData(data);
        _sha256.GetHashAndReset(destination);
    }
}
