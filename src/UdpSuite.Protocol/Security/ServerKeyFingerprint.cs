using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace UdpSuite.Protocol.Security;

/// <summary>
/// The fingerprint of a server's X25519 public key, written as OpenSSH writes host keys: <c>SHA256:</c> followed by
/// the unpadded base64 of the SHA-256 of the key (here the raw 32-byte key, 43 base64 characters). Pins hold
/// fingerprints, so a user can pin a server from the line <c>udpsuite server key</c> prints.
/// </summary>
public sealed class ServerKeyFingerprint : IEquatable<ServerKeyFingerprint>
{
    /// <summary>The text before the base64 digest.</summary>
    public const string Prefix = "SHA256:";

    /// <summary>Length of the text form: prefix plus 43 base64 characters.</summary>
    public const int TextLength = 7 + 43;

    private readonly byte[] _digest;

    private ServerKeyFingerprint(byte[] digest) => _digest = digest;

    /// <summary>The 32-byte SHA-256 digest.</summary>
    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>The fingerprint of a 32-byte X25519 public key.</summary>
    public static ServerKeyFingerprint Of(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32)
        {
            throw new ArgumentException($"A server public key is 32 bytes, not {publicKey.Length}.", nameof(publicKey));
        }

        return new ServerKeyFingerprint(SHA256.HashData(publicKey));
    }

    /// <summary>Parses <c>SHA256:</c> + 43 unpadded base64 characters (a trailing <c>=</c> is tolerated). False otherwise.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ServerKeyFingerprint? fingerprint)
    {
        fingerprint = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        string encoded = text[Prefix.Length..];
        if (encoded.Length == 44 && encoded[43] == '=')
        {
            encoded = encoded[..43];
        }

        if (encoded.Length != 43)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[33];
        if (!Convert.TryFromBase64String(encoded + "=", digest, out int written) || written != 32)
        {
            return false;
        }

        var parsed = new ServerKeyFingerprint(digest[..32].ToArray());

        // Reject non-canonical encodings (unused low bits set), so one key has exactly one spelling.
        if (parsed.ToString() != Prefix + encoded)
        {
            return false;
        }

        fingerprint = parsed;
        return true;
    }

    /// <summary>Whether <paramref name="publicKey"/> has this fingerprint.</summary>
    public bool Matches(ReadOnlySpan<byte> publicKey) => publicKey.Length == 32 && Equals(Of(publicKey));

    public bool Equals(ServerKeyFingerprint? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(_digest, other._digest);

    public override bool Equals(object? obj) => Equals(obj as ServerKeyFingerprint);

    public override int GetHashCode() => BitConverter.ToInt32(_digest, 0);

    public override string ToString() => Prefix + Convert.ToBase64String(_digest).TrimEnd('=');
}
