using System.Security.Cryptography;
using System.Text;

namespace UdpSuite.Protocol.Chat;

/// <summary>
/// SCRAM-SHA-256-style login without the text framing: the client proves it knows the password for the
/// stored verifier, the server proves it holds the verifier, and both derive session keys that an
/// eavesdropper (who sees nonces, salt and proof) cannot.
/// </summary>
public static class Scram
{
    private static readonly byte[] ClientKeyLabel = "Client Key"u8.ToArray();
    private static readonly byte[] ServerKeyLabel = "Server Key"u8.ToArray();
    private static readonly byte[] AuthLabel = "UdpSuite-SCRAM-1"u8.ToArray();
    private static readonly byte[] ClientToServerLabel = "UdpSuite c2s"u8.ToArray();
    private static readonly byte[] ServerToClientLabel = "UdpSuite s2c"u8.ToArray();

    /// <summary>The client-side secrets for one password and salt.</summary>
    public static (byte[] ClientKey, byte[] StoredKey, byte[] ServerKey) DeriveKeys(string password, byte[] salt, int iterations)
    {
        byte[] salted = Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(password.Normalize(NormalizationForm.FormKC)), salt, iterations, HashAlgorithmName.SHA256, ChatWire.KeyLength);
        byte[] clientKey = HMACSHA256.HashData(salted, ClientKeyLabel);
        byte[] serverKey = HMACSHA256.HashData(salted, ServerKeyLabel);
        CryptographicOperations.ZeroMemory(salted);
        return (clientKey, SHA256.HashData(clientKey), serverKey);
    }

    /// <summary>A new account's verifier with a fresh random salt.</summary>
    public static ScramVerifier CreateVerifier(string password, int iterations = ScramVerifier.DefaultIterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(ChatWire.SaltLength);
        (byte[] clientKey, byte[] storedKey, byte[] serverKey) = DeriveKeys(password, salt, iterations);
        CryptographicOperations.ZeroMemory(clientKey);
        return new ScramVerifier(salt, iterations, storedKey, serverKey);
    }

    /// <summary>Everything both sides signed: label, user name, both nonces, salt, iterations.</summary>
    public static byte[] AuthMessage(string userName, in ChallengeMessage challenge)
    {
        byte[] name = Encoding.UTF8.GetBytes(userName);
        var buffer = new byte[AuthLabel.Length + 1 + name.Length + (2 * ChatWire.NonceLength) + ChatWire.SaltLength + 4];
        var w = new WireWriter(buffer);
        w.Bytes(AuthLabel);
        w.Byte((byte)name.Length);
        w.Bytes(name);
        w.Bytes(challenge.ClientNonce);
        w.Bytes(challenge.ServerNonce);
        w.Bytes(challenge.Salt);
        w.WriteUInt32((uint)challenge.Iterations);
        return buffer;
    }

    /// <summary>ClientProof = ClientKey XOR HMAC(StoredKey, AuthMessage).</summary>
    public static byte[] ClientProof(byte[] clientKey, byte[] storedKey, byte[] authMessage)
    {
        byte[] signature = HMACSHA256.HashData(storedKey, authMessage);
        for (int k = 0; k < signature.Length; k++)
        {
            signature[k] ^= clientKey[k];
        }

        return signature;
    }

    /// <summary>
    /// Server side: recovers ClientKey from the proof and checks SHA-256(ClientKey) == StoredKey in constant time.
    /// Returns the ClientKey (needed for the session keys) or null when the proof is wrong.
    /// </summary>
    public static byte[]? VerifyClientProof(ScramVerifier verifier, byte[] authMessage, ReadOnlySpan<byte> clientProof)
    {
        if (clientProof.Length != ChatWire.KeyLength)
        {
            return null;
        }

        byte[] clientKey = HMACSHA256.HashData(verifier.StoredKey, authMessage);
        for (int k = 0; k < clientKey.Length; k++)
        {
            clientKey[k] ^= clientProof[k];
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(clientKey), verifier.StoredKey) ? clientKey : null;
    }

    /// <summary>ServerSignature = HMAC(ServerKey, AuthMessage): the client checks it to know the server is genuine.</summary>
    public static byte[] ServerSignature(byte[] serverKey, byte[] authMessage) => HMACSHA256.HashData(serverKey, authMessage);

    /// <summary>Per-direction MAC keys: different keys each way, so a datagram can't be reflected back to its sender.</summary>
    public static SessionKeys DeriveSessionKeys(byte[] clientKey, byte[] authMessage) => new(
        HMACSHA256.HashData(clientKey, (byte[])[.. ClientToServerLabel, .. authMessage]),
        HMACSHA256.HashData(clientKey, (byte[])[.. ServerToClientLabel, .. authMessage]));
}

/// <summary>The two MAC keys of a session.</summary>
public sealed record SessionKeys(byte[] ClientToServer, byte[] ServerToClient);
