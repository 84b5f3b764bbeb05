using System.Buffers.Binary;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace UdpSuite.Protocol.Security.Noise;

/// <summary>
/// Noise's CipherState (§5.1) for ChaChaPoly: a key <c>k</c> (possibly empty) and a nonce counter <c>n</c>.
/// Besides the spec's counter-driven <see cref="EncryptWithAd"/>/<see cref="TryDecryptWithAd"/> (handshake and
/// in-order transports) it seals with an explicit nonce (<see cref="EncryptWithNonce"/>), which datagram transports
/// use with the packet number sent in clear (§11.4, out-of-order transport messages). Not thread-safe.
/// </summary>
public sealed class CipherState : IDisposable
{
    /// <summary>2^64-1 is reserved for <see cref="Rekey"/> (§5.1) and never used to encrypt a message.</summary>
    public const ulong MaxNonce = ulong.MaxValue - 1;

    private const int NonceLength = 12;
    private static readonly AeadAlgorithm Aead = AeadAlgorithm.ChaCha20Poly1305;

    // The raw key is kept (pinned, zeroed on disposal) so that a handshake can undo a rejected message (see
    // HandshakeState.TryReadMessage); the AEAD itself runs on NSec's key in secure memory.
    private readonly byte[] _rawKey = GC.AllocateArray<byte>(NoiseConstants.KeyLength, pinned: true);
    private Key? _key;
    private bool _disposed;

    /// <summary>An empty CipherState (no key: encryption is the identity, as the spec requires).</summary>
    public CipherState()
    {
    }

    /// <summary>A CipherState with key <paramref name="key"/> and nonce 0.</summary>
    public CipherState(ReadOnlySpan<byte> key) => InitializeKey(key);

    /// <summary>Whether a key is set (HasKey()).</summary>
    public bool HasKey => _key is not null;

    /// <summary>The counter the next <see cref="EncryptWithAd"/> or <see cref="TryDecryptWithAd"/> uses.</summary>
    public ulong Nonce { get; private set; }

    /// <summary>InitializeKey(key): sets <c>k</c> (an empty span clears it) and resets the nonce to 0.</summary>
    public void InitializeKey(ReadOnlySpan<byte> key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!key.IsEmpty && key.Length != NoiseConstants.KeyLength)
        {
            throw new ArgumentException($"A cipher key is {NoiseConstants.KeyLength} bytes.", nameof(key));
        }

        _key?.Dispose();
        _key = null;
        CryptographicOperations.ZeroMemory(_rawKey);
        Nonce = 0;
        if (!key.IsEmpty)
        {
            key.CopyTo(_rawKey);
            _key = Key.Import(Aead, key, KeyBlobFormat.RawSymmetricKey);
        }
    }

    /// <summary>
    /// EncryptWithAd(ad, plaintext) with the internal counter, which then advances. Writes the ciphertext (plaintext
    /// length + 16 when a key is set, a copy otherwise) to <paramref name="ciphertext"/> and returns its length.
    /// <paramref name="ciphertext"/> may be <paramref name="plaintext"/> itself (same start) but must not overlap it otherwise.
    /// </summary>
    public int EncryptWithAd(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext)
    {
        if (!HasKey)
        {
            return CopyThrough(plaintext, ciphertext);
        }

        int written = EncryptWithNonce(Nonce, associatedData, plaintext, ciphertext);
        Nonce++;
        return written;
    }

    /// <summary>
    /// DecryptWithAd(ad, ciphertext) with the internal counter. False on an authentication failure (or a ciphertext
    /// shorter than the tag); the counter then stays where it was.
    /// </summary>
    public bool TryDecryptWithAd(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext, out int written)
    {
        if (!HasKey)
        {
            written = CopyThrough(ciphertext, plaintext);
            return true;
        }

        if (!TryDecryptWithNonce(Nonce, associatedData, ciphertext, plaintext, out written))
        {
            return false;
        }

        Nonce++;
        return true;
    }

    /// <summary>
    /// Seals <paramref name="plaintext"/> under the explicit <paramref name="nonce"/> (a datagram's packet number); the
    /// internal counter is not used. The caller guarantees a nonce is never used twice with this key.
    /// </summary>
    public int EncryptWithNonce(ulong nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext)
    {
        Key key = RequireKey();
        if (nonce > MaxNonce)
        {
            throw new InvalidOperationException("The nonce space of this key is exhausted; rekey or start a new session.");
        }

        int length = plaintext.Length + NoiseConstants.TagLength;
        if (ciphertext.Length < length)
        {
            throw new ArgumentException($"The ciphertext buffer needs {length} bytes.", nameof(ciphertext));
        }

        Span<byte> nonceBytes = stackalloc byte[NonceLength];
        FormatNonce(nonce, nonceBytes);
        Aead.Encrypt(key, nonceBytes, associatedData, plaintext, ciphertext[..length]);
        return length;
    }

    /// <summary>Opens a ciphertext sealed under the explicit <paramref name="nonce"/>. False when it does not authenticate.</summary>
    public bool TryDecryptWithNonce(ulong nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext, out int written)
    {
        Key key = RequireKey();
        written = 0;
        if (nonce > MaxNonce || ciphertext.Length < NoiseConstants.TagLength)
        {
            return false;
        }

        int length = ciphertext.Length - NoiseConstants.TagLength;
        if (plaintext.Length < length)
        {
            throw new ArgumentException($"The plaintext buffer needs {length} bytes.", nameof(plaintext));
        }

        Span<byte> nonceBytes = stackalloc byte[NonceLength];
        FormatNonce(nonce, nonceBytes);
        if (!Aead.Decrypt(key, nonceBytes, associatedData, ciphertext, plaintext[..length]))
        {
            return false;
        }

        written = length;
        return true;
    }

    /// <summary>
    /// Rekey() (§4.2, §11.3): <c>k = ENCRYPT(k, 2^64-1, empty, 32 zero bytes)</c> truncated to 32 bytes. The nonce
    /// counter is left unchanged, as the spec says; both peers must rekey at the same point of their streams.
    /// </summary>
    public void Rekey()
    {
        Key key = RequireKey();
        Span<byte> nonceBytes = stackalloc byte[NonceLength];
        FormatNonce(ulong.MaxValue, nonceBytes);
        Span<byte> zeros = stackalloc byte[NoiseConstants.KeyLength];
        zeros.Clear();
        Span<byte> output = stackalloc byte[NoiseConstants.KeyLength + NoiseConstants.TagLength];
        Aead.Encrypt(key, nonceBytes, ReadOnlySpan<byte>.Empty, zeros, output);
        ulong nonce = Nonce;
        InitializeKey(output[..NoiseConstants.KeyLength]);
        Nonce = nonce;
        CryptographicOperations.ZeroMemory(output);
    }

    /// <summary>
    /// A new CipherState holding <c>REKEY(k)</c> with nonce 0, this one unchanged: a datagram receiver keeps the current
    /// key for late packets while it tries the next key on packets of the new key phase.
    /// </summary>
    public CipherState CreateRekeyed()
    {
        RequireKey();
        var next = new CipherState(_rawKey);
        next.Rekey();
        next.Nonce = 0;
        return next;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _key?.Dispose();
        _key = null;
        CryptographicOperations.ZeroMemory(_rawKey);
        _disposed = true;
    }

    /// <summary>Copies the state out (for a handshake that must undo a rejected message).</summary>
    internal void SaveTo(Span<byte> rawKey, out bool hasKey, out ulong nonce)
    {
        _rawKey.CopyTo(rawKey);
        hasKey = HasKey;
        nonce = Nonce;
    }

    /// <summary>Puts back a state taken by <see cref="SaveTo"/>.</summary>
    internal void RestoreFrom(ReadOnlySpan<byte> rawKey, bool hasKey, ulong nonce)
    {
        InitializeKey(hasKey ? rawKey : ReadOnlySpan<byte>.Empty);
        Nonce = nonce;
    }

    // ChaChaPoly's nonce (§12.3): 32 bits of zeros followed by the little-endian 64-bit counter.
    private static void FormatNonce(ulong nonce, Span<byte> destination)
    {
        destination[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[4..], nonce);
    }

    private static int CopyThrough(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"The output buffer needs {source.Length} bytes.", nameof(destination));
        }

        source.CopyTo(destination);
        return source.Length;
    }

    private Key RequireKey()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _key ?? throw new InvalidOperationException("This CipherState has no key.");
    }
}
