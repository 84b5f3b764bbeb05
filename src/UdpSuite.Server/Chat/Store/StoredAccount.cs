using UdpSuite.Protocol.Security.Channel.Login;

namespace UdpSuite.Server.Chat.Store;

/// <summary>
/// An account as stored: its Argon2id verifier, or none for an account created by protocol version 1, whose PBKDF2
/// verifier version 2 does not accept (its user must register again; its messages are kept).
/// </summary>
public sealed record StoredAccount(PasswordVerifier? Verifier)
{
    /// <summary>A version-1 account.</summary>
    public static StoredAccount Legacy { get; } = new((PasswordVerifier?)null);

    /// <summary>True for a version-1 account: login answers ReRegistrationRequired.</summary>
    public bool NeedsReRegistration => Verifier is null;
}
