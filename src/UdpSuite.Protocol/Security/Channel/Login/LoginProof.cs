using System.Security.Cryptography;
using System.Text;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Noise;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Protocol.Security.Channel.Login;

/// <summary>
/// The v2 login computation: SCRAM's key schedule over an Argon2id secret, with the Noise handshake hash in the
/// signed message (channel binding, like SCRAM's tls-exporter), so a proof is valid in one channel only.
/// <code>
/// Secret          = Argon2id(password, salt, m, t, p)               (Argon2idPasswordHash.Derive)
/// ClientKey       = HMAC-SHA256(Secret, "Client Key")
/// StoredKey       = SHA-256(ClientKey)
/// ServerKey       = HMAC-SHA256(Secret, "Server Key")
/// AuthMessage     = "UdpSuite-v2-login" ‖ u8 len ‖ user (UTF-8) ‖ salt (16) ‖ u32 m ‖ u32 t ‖ u8 p ‖ handshake hash (32)
/// ClientProof     = ClientKey XOR HMAC-SHA256(StoredKey, AuthMessage)
/// ServerSignature = HMAC-SHA256(ServerKey, AuthMessage)
/// </code>
/// Pure and cheap (the Argon2id secret is an input); comparisons are constant-time.
/// </summary>
public static class LoginProof
{
    /// <summary>ClientKey, StoredKey, ServerKey, proof and signature lengths.</summary>
    public const int KeyLength = 32;

    /// <summary>Longest AuthMessage: label, name, salt, parameters, handshake hash.</summary>
    public const int MaxAuthMessageLength = 17 + 1 + ChatWire.MaxUserNameBytes + Argon2idParameters.SaltLength + 9 + NoiseConstants.HashLength;

    private static ReadOnlySpan<byte> ClientKeyLabel => "Client Key"u8;

    private static ReadOnlySpan<byte> ServerKeyLabel => "Server Key"u8;

    private static ReadOnlySpan<byte> AuthLabel => "UdpSuite-v2-login"u8;

    private static ReadOnlySpan<byte> DecoyLabel => "UdpSuite-v2-decoy-salt"u8;

    /// <summary>The verifier a client registers, from its Argon2id <paramref name="secret"/> (32 bytes).</summary>
    public static PasswordVerifier CreateVerifier(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> salt, Argon2idParameters parameters)
    {
        Span<byte> clientKey = stackalloc byte[KeyLength];
        Span<byte> storedKey = stackalloc byte[KeyLength];
        Span<byte> serverKey = stackalloc byte[KeyLength];
        try
        {
            HMACSHA256.HashData(RequireSecret(secret), ClientKeyLabel, clientKey);
            SHA256.HashData(clientKey, storedKey);
            HMACSHA256.HashData(secret, ServerKeyLabel, serverKey);
            return new PasswordVerifier(salt, parameters, storedKey, serverKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clientKey);
            CryptographicOperations.ZeroMemory(serverKey);
        }
    }

    /// <summary>Writes the AuthMessage (see the type summary) and returns its length (at most <see cref="MaxAuthMessageLength"/>).</summary>
    public static int WriteAuthMessage(string userName, ReadOnlySpan<byte> salt, Argon2idParameters parameters, ReadOnlySpan<byte> handshakeHash, Span<byte> destination)
    {
        if (!ChatUserName.IsValid(userName))
        {
            throw new ArgumentException("Not a valid user name.", nameof(userName));
        }

        if (salt.Length != Argon2idParameters.SaltLength || handshakeHash.Length != NoiseConstants.HashLength)
        {
            throw new ArgumentException($"The salt is {Argon2idParameters.SaltLength} bytes and the handshake hash {NoiseConstants.HashLength}.");
        }

        var w = new WireWriter(destination);
        w.Bytes(AuthLabel);
        w.Name(userName);
        w.Bytes(salt);
        w.WriteUInt32((uint)parameters.MemoryKiB);
        w.WriteUInt32((uint)parameters.Iterations);
        w.Byte((byte)parameters.Parallelism);
        w.Bytes(handshakeHash);
        return w.Position;
    }

    /// <summary>Client: ClientProof for <paramref name="authMessage"/> from the Argon2id <paramref name="secret"/>.</summary>
    public static void ComputeClientProof(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> authMessage, Span<byte> proof)
    {
        Span<byte> clientKey = stackalloc byte[KeyLength];
        Span<byte> storedKey = stackalloc byte[KeyLength];
        try
        {
            HMACSHA256.HashData(RequireSecret(secret), ClientKeyLabel, clientKey);
            SHA256.HashData(clientKey, storedKey);
            HMACSHA256.HashData(storedKey, authMessage, proof[..KeyLength]);
            Xor(proof[..KeyLength], clientKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clientKey);
        }
    }

    /// <summary>
    /// Server: whether <paramref name="proof"/> proves knowledge of the password behind <paramref name="verifier"/> for
    /// this AuthMessage: ClientKey = proof XOR HMAC(StoredKey, AuthMessage), then SHA-256(ClientKey) == StoredKey
    /// (constant-time).
    /// </summary>
    public static bool VerifyClientProof(PasswordVerifier verifier, ReadOnlySpan<byte> authMessage, ReadOnlySpan<byte> proof)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        if (proof.Length != KeyLength)
        {
            return false;
        }

        Span<byte> clientKey = stackalloc byte[KeyLength];
        Span<byte> storedKey = stackalloc byte[KeyLength];
        try
        {
            HMACSHA256.HashData(verifier.StoredKey, authMessage, clientKey);
            Xor(clientKey, proof);
            SHA256.HashData(clientKey, storedKey);
            return CryptographicOperations.FixedTimeEquals(storedKey, verifier.StoredKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clientKey);
        }
    }

    /// <summary>Server: ServerSignature = HMAC-SHA256(ServerKey, AuthMessage).</summary>
    public static void ComputeServerSignature(PasswordVerifier verifier, ReadOnlySpan<byte> authMessage, Span<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        HMACSHA256.HashData(verifier.ServerKey, authMessage, signature[..KeyLength]);
    }

    /// <summary>Client: whether the WELCOME's signature proves the server holds this account's verifier (constant-time).</summary>
    public static bool VerifyServerSignature(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> authMessage, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != KeyLength)
        {
            return false;
        }

        Span<byte> serverKey = stackalloc byte[KeyLength];
        Span<byte> expected = stackalloc byte[KeyLength];
        try
        {
            HMACSHA256.HashData(RequireSecret(secret), ServerKeyLabel, serverKey);
            HMACSHA256.HashData(serverKey, authMessage, expected);
            return CryptographicOperations.FixedTimeEquals(expected, signature);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(serverKey);
        }
    }

    /// <summary>
    /// Server: the salt LOGIN_PARAMS shows for a name with no account, HMAC-SHA256(server secret, label ‖ name)
    /// truncated to 16 bytes: stable per name, so probing cannot tell unknown names from known ones.
    /// </summary>
    public static void DecoySalt(ReadOnlySpan<byte> serverSecret, string userName, Span<byte> salt)
    {
        ArgumentNullException.ThrowIfNull(userName);
        byte[] input = [.. DecoyLabel, .. Encoding.UTF8.GetBytes(userName)];
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(serverSecret, input, mac);
        mac[..Argon2idParameters.SaltLength].CopyTo(salt);
    }

    private static ReadOnlySpan<byte> RequireSecret(ReadOnlySpan<byte> secret) =>
        secret.Length == Argon2idParameters.OutputLength ? secret : throw new ArgumentException($"The Argon2id secret is {Argon2idParameters.OutputLength} bytes.", nameof(secret));

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> other)
    {
        for (int k = 0; k < target.Length; k++)
        {
            target[k] ^= other[k];
        }
    }
}
