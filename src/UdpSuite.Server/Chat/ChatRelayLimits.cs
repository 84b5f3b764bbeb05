using Microsoft.Extensions.Configuration;

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

    /// <summary>Most logged-in sessions; logins beyond get ERROR TooManyPending.</summary>
    public int MaxSessions { get; init; } = 10_000;

    /// <summary>Most logins between CHALLENGE and PROOF; HELLOs beyond get ERROR TooManyPending.</summary>
    public int MaxPendingLogins { get; init; } = 10_000;

    /// <summary>How long a CHALLENGE stays valid.</summary>
    public TimeSpan PendingLoginLifetime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A session with no authenticated datagram for this long ends (clients PING every 15 s).</summary>
    [ConfigurationKeyName(SessionTimeoutKey)]
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Deliveries in flight per recipient; the rest wait in the store.</summary>
    public int MaxDeliveriesInFlight { get; init; } = 16;

    /// <summary>Receipts waiting for the client's ACK per session; more stay in the store and are pushed at the next login.</summary>
    public int MaxPendingReceipts { get; init; } = 1024;

    /// <summary>How often retransmissions and expiry run.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(10);
}
