using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Protocol.Security.Channel.Login;

/// <summary>
/// What the server stores for an account (SCRAM's verifier with Argon2id): salt, parameters, StoredKey =
/// SHA-256(ClientKey) and ServerKey. It lets the server check a proof and prove itself, never recompute the password
/// or impersonate the user to another server.
/// </summary>
public sealed class PasswordVerifier
{
    public PasswordVerifier(ReadOnlySpan<byte> salt, Argon2idParameters parameters, ReadOnlySpan<byte> storedKey, ReadOnlySpan<byte> serverKey)
    {
        if (salt.Length != Argon2idParameters.SaltLength || storedKey.Length != LoginProof.KeyLength || serverKey.Length != LoginProof.KeyLength)
        {
            throw new ArgumentException($"A verifier holds a {Argon2idParameters.SaltLength}-byte salt and two {LoginProof.KeyLength}-byte keys.");
        }

        Salt = salt.ToArray();
        Parameters = parameters;
        StoredKey = storedKey.ToArray();
        ServerKey = serverKey.ToArray();
    }

    public byte[] Salt { get; }

    public Argon2idParameters Parameters { get; }

    public byte[] StoredKey { get; }

    public byte[] ServerKey { get; }
}
