using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace UdpSuite.Protocol.Security.Passwords;

/// <summary>Argon2id (libsodium through NSec) of a password: the secret a v2 password verifier is derived from.</summary>
public static class Argon2idPasswordHash
{
    /// <summary>
    /// Writes the <see cref="Argon2idParameters.OutputLength"/>-byte Argon2id of <paramref name="password"/> (its UTF-8
    /// bytes as given: no Unicode normalisation, which the invariant-globalization build cannot do)
    /// with <paramref name="salt"/> (16 bytes) to <paramref name="output"/>. Costs what the parameters say (about 57 ms
    /// at OWASP's minimum on the reference machine): never call it on a receive thread.
    /// </summary>
    public static void Derive(string password, ReadOnlySpan<byte> salt, Argon2idParameters parameters, Span<byte> output)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (salt.Length != Argon2idParameters.SaltLength)
        {
            throw new ArgumentException($"The salt is {Argon2idParameters.SaltLength} bytes.", nameof(salt));
        }

        if (output.Length != Argon2idParameters.OutputLength)
        {
            throw new ArgumentException($"The output is {Argon2idParameters.OutputLength} bytes.", nameof(output));
        }

        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = parameters.Parallelism,
            MemorySize = parameters.MemoryKiB,
            NumberOfPasses = parameters.Iterations,
        });

        byte[] passwordBytes = Encoding.UTF8.GetBytes(password);
        try
        {
            algorithm.DeriveBytes(passwordBytes, salt, output);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }
}
