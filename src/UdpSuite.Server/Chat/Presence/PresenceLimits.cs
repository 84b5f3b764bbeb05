using Microsoft.Extensions.Configuration;

namespace UdpSuite.Server.Chat.Presence;

/// <summary>
/// Timeouts and bounds of presence and server-side contacts (docs/PROTOCOL.md, "Presence"; configuration section
/// <c>Chat</c>, beside <see cref="ChatRelayLimits"/>). The offline timeout is the session timeout
/// (<see cref="ChatRelayLimits.SessionIdleTimeout"/>): presence lives exactly as long as a session. Checked by
/// <see cref="PresenceLimitsValidator"/>.
/// </summary>
public sealed record PresenceLimits
{
    /// <summary>Configuration key of <see cref="AwayAfter"/>.</summary>
    public const string AwayAfterKey = "PresenceAwayAfter";

    /// <summary>An online user with a session but no user activity (messages, read receipts, presence or contact requests; keepalives don't count) for this long shows away.</summary>
    [ConfigurationKeyName(AwayAfterKey)]
    public TimeSpan AwayAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Most server-side contacts per user; CONTACT_ADD beyond gets REPLY TooManyContacts.</summary>
    public int MaxContacts { get; init; } = 1000;

    /// <summary>Most presence pushes waiting for one watcher's PRESENCE_ACK (one per watched user: a newer state replaces an older one).</summary>
    public int MaxPendingPushes { get; init; } = 4096;

    /// <summary>Most first sends of presence pushes per session per tick, so a login snapshot of many contacts is spread over ticks.</summary>
    public int MaxFirstSendsPerTick { get; init; } = 64;

    /// <summary>How often sessions are scanned for the online → away transition.</summary>
    public TimeSpan IdleScanInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
