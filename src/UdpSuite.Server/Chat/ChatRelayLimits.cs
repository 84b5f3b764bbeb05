using Microsoft.Extensions.Configuration;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Server.Chat;

/// <summary>
/// Bounds and timeouts of the chat relay (configuration section <c>Chat</c>, e.g. <c>UDPSUITE_Chat__SessionTimeout=00:02:00</c>;
/// durations as <c>hh:mm:ss</c>). Every table the relay keeps has a maximum here, so no sender can grow the server's
/// memory without limit. Defaults suit a LAN; tests may shorten them. Checked by <see cref="ChatRelayLimitsValidator"/>.
/// </summary>
public sealed record ChatRelayLimits
{
    /// <summary>Configuration key of <see cref="SessionIdleTimeout"/>.</summary>
    public const string SessionTimeoutKey = "SessionTimeout";

    /// <summary>
    /// Who may register (<c>Chat:Registration</c>, <c>open</c> or <c>closed</c>; default open). Invitations
    /// (<c>invite</c>) are not built yet: they need the local admin channel (issue 19, item 2).
    /// </summary>
    public Login.RegistrationPolicy Registration { get; init; } = Login.RegistrationPolicy.Open;

    /// <summary>Most logged-in sessions; logins beyond get ERROR TooManyPending.</summary>
    public int MaxSessions { get; init; } = 10_000;

    /// <summary>Default of <see cref="MaxSessionsPerUser"/>.</summary>
    public const int DefaultMaxSessionsPerUser = 16;

    /// <summary>
    /// Most sessions one user holds at once (<c>Chat:MaxSessionsPerUser</c>): a login beyond ends the user's least
    /// recently active transient session, or gets ERROR TooManyPending when all are receiving.
    /// </summary>
    public int MaxSessionsPerUser { get; init; } = DefaultMaxSessionsPerUser;

    /// <summary>
    /// Handshake load limits (<c>Chat:Handshake:CookieThreshold</c>, <c>CookieRatePerSecond</c>, <c>MaxPendingPerAddress</c>,
    /// <c>MaxPending</c>): when cookies are required and how many handshakes without a completed login are kept.
    /// </summary>
    public HandshakeLoadOptions Handshake { get; init; } = new();

    /// <summary>How long a completed handshake may wait for its login before the server forgets it.</summary>
    public TimeSpan PendingLoginLifetime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Argon2id memory (KiB) a REGISTER must at least use, and the memory shown for unknown names (so they look like
    /// real accounts). Default OWASP's minimum, 19 MiB. Shipped clients refuse anything below it, so lowering it only
    /// makes sense for test suites.
    /// </summary>
    public long PasswordHashMemoryKiB { get; init; } = Argon2idParameters.OwaspMinimum.MemoryKiB;

    /// <summary>Argon2id passes a REGISTER must at least use (default 2, OWASP's minimum); see <see cref="PasswordHashMemoryKiB"/>.</summary>
    public long PasswordHashIterations { get; init; } = Argon2idParameters.OwaspMinimum.Iterations;

    /// <summary>The password-hash floor as parameters.</summary>
    public Argon2idParameters PasswordHashFloor => new(PasswordHashMemoryKiB, PasswordHashIterations, 1);

    /// <summary>A session with no authenticated datagram for this long ends (clients PING every 15 s).</summary>
    [ConfigurationKeyName(SessionTimeoutKey)]
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a datagram the server sends a session on its own (a delivery fragment, a RECEIPT, a GROUP_RECEIPT, a
    /// PRESENCE push) may stay unacknowledged after its first send: then the server stops retransmitting and ends the
    /// session (a client that still PINGs but never acknowledges would otherwise be sent to forever). Nothing is lost:
    /// the message stays undelivered in the store, and receipts stay unacknowledged there, until the next login.
    /// </summary>
    public TimeSpan RetransmitGiveUp { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries in flight per recipient; the rest wait in the store.</summary>
    public int MaxDeliveriesInFlight { get; init; } = 16;

    /// <summary>Receipts waiting for the client's ACK per session; more stay in the store and are pushed at the next login.</summary>
    public int MaxPendingReceipts { get; init; } = 1024;

    /// <summary>
    /// Store items (submissions, receipts, notifications, delivery reads) the relay collects while the store worker is
    /// busy with earlier requests (at most two in flight). When this many wait, new DATA fragments and RECEIPTs are
    /// dropped unacknowledged (reason <c>store-behind</c>) and clients resend them: memory stays bounded however far
    /// the disk falls behind.
    /// </summary>
    public int MaxPendingStoreItems { get; init; } = 4096;

    /// <summary>How often retransmissions and expiry run.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(10);
}
