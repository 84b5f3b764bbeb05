using System.Security.Cryptography;
using NSec.Cryptography;

namespace UdpSuite.Protocol.Security.Noise;

/// <summary>
/// Noise's HKDF(chaining_key, input_key_material, 2) (§4.3). It is RFC 5869 HKDF-SHA256 with salt = chaining key,
/// empty info and 64 output bytes (output1 = T(1), output2 = T(2)). A DH output goes in as NSec's
/// <see cref="SharedSecret"/>, so the secret never leaves libsodium's memory. Split's empty input key material is
/// refused by both NSec and the BCL's one-shot HKDF (OpenSSL), so that case runs RFC 5869's two steps on the BCL:
/// extract (HMAC-SHA256 keyed with the chaining key over the empty input) then expand.
/// </summary>
internal static class NoiseHkdf
{
    public const int TwoOutputsLength = 2 * NoiseConstants.HashLength;

    public static void DeriveTwo(ReadOnlySpan<byte> chainingKey, SharedSecret inputKeyMaterial, Span<byte> output) =>
        KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(inputKeyMaterial, chainingKey, ReadOnlySpan<byte>.Empty, output[..TwoOutputsLength]);

    public static void DeriveTwoFromEmpty(ReadOnlySpan<byte> chainingKey, Span<byte> output)
    {
        Span<byte> pseudorandomKey = stackalloc byte[NoiseConstants.HashLength];
        HMACSHA256.HashData(chainingKey, ReadOnlySpan<byte>.Empty, pseudorandomKey);
        HKDF.Expand(HashAlgorithmName.SHA256, pseudorandomKey, output[..TwoOutputsLength], ReadOnlySpan<byte>.Empty);
        CryptographicOperations.ZeroMemory(pseudorandomKey);
    }
}
