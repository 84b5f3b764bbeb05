using NodaTime;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Login;

/// <summary>
/// A CHALLENGE the server sent and the PROOF it waits for. <see cref="Verifier"/> is null for a name with no
/// account (the challenge carried a decoy salt); such a login can only fail.
/// </summary>
internal sealed record PendingLogin(string User, ChallengeMessage Challenge, ScramVerifier? Verifier, Instant ExpiresAt);
