using System.Security.Cryptography;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Client.Chat;

/// <summary>
/// What the client keeps after a login so it can log in again by itself (after a server restart or silence) without
/// the password: the Argon2id secret for one user, salt and parameter set. The password itself is never kept.
/// </summary>
internal sealed record CachedCredentials(string UserName, byte[] Salt, Argon2idParameters Parameters, byte[] Secret)
{
    public bool Matches(string userName, ReadOnlySpan<byte> salt, Argon2idParameters parameters) =>
        string.Equals(userName, UserName, StringComparison.Ordinal) && parameters == Parameters && CryptographicOperations.FixedTimeEquals(salt, Salt);
}
