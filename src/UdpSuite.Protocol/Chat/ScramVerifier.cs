namespace UdpSuite.Protocol.Chat;

/// <summary>
/// What the server stores for an account (RFC 5802/7677 style): salt, PBKDF2 iteration count,
/// StoredKey = SHA-256(ClientKey) and ServerKey. Neither the password nor anything that logs in without
/// a challenge-response can be recovered from it.
/// </summary>
public sealed record ScramVerifier(byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey)
{
    /// <summary>Fewest PBKDF2 iterations the server accepts for a new account.</summary>
    public const int MinIterations = 4096;

    /// <summary>Most iterations a client will compute for a challenge (a hostile server can't make it spin).</summary>
    public const int MaxIterations = 10_000_000;

    /// <summary>What new clients use: OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600,000; a LAN tool trades some for login speed.</summary>
    public const int DefaultIterations = 100_000;
}
