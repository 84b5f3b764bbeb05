using UdpSuite.Server.RateLimiting;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// Per-client SNTP rate limits (configuration section <c>Server:NtpRateLimit</c>). The defaults let a normal
/// client (one query every 16 s or more, bursts of 4-8 at start-up as chronyd/ntpd's iburst send) through
/// untouched and answer a flood with a few Kiss-o'-Death packets, then silence. Checked by
/// <see cref="SntpRateLimitOptionsValidator"/>.
/// </summary>
public sealed class SntpRateLimitOptions
{
    /// <summary>Requests a client may send back to back.</summary>
    public int Burst { get; set; } = 16;

    /// <summary>Sustained requests per second a client may send.</summary>
    public int RequestsPerSecond { get; set; } = 2;

    /// <summary>KoD replies a client over its rate may get back to back.</summary>
    public int KissOfDeathBurst { get; set; } = 2;

    /// <summary>Seconds between further KoD replies to a client that keeps flooding.</summary>
    public int KissOfDeathIntervalSeconds { get; set; } = 4;

    /// <summary>Most clients tracked at once; the least recently seen half is forgotten when the table fills.</summary>
    public int MaxClients { get; set; } = 16_384;

    /// <summary>The per-client limit, with Kiss-o'-Death replies as its notices.</summary>
    public TokenBucketSettings Clients => new(RequestsPerSecond, Burst, TimeSpan.FromSeconds(KissOfDeathIntervalSeconds), MaxClients, KissOfDeathBurst);
}
