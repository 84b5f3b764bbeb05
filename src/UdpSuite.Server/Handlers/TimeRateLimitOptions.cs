using UdpSuite.Server.RateLimiting;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// Per-address limits of the time-text, daytime and RFC 868 listeners (configuration section
/// <c>Server:TimeRateLimit</c>), the token bucket SNTP has: each listener has its own bucket per client address, for UDP
/// datagrams and TCP connections alike. Over the limit a request gets no answer (counted as the drop reason
/// <see cref="TimeRateLimiter.DropReason"/>). The defaults are more generous than SNTP's (these are the protocols people
/// script: the README's 20 back-to-back round-trip probes pass untouched) and still cut a flood to a trickle. Checked by <see cref="TimeRateLimitOptionsValidator"/>.
/// </summary>
public sealed class TimeRateLimitOptions
{
    /// <summary>Requests a client address may send back to back, per listener.</summary>
    public int Burst { get; set; } = 64;

    /// <summary>Sustained requests per second a client address may send, per listener.</summary>
    public int RequestsPerSecond { get; set; } = 16;

    /// <summary>Most client addresses tracked per listener; the least recently seen half is forgotten when the table fills.</summary>
    public int MaxClients { get; set; } = 16_384;

    /// <summary>The per-address limit (no slow-down notices: these protocols have none, an answer is simply not sent).</summary>
    public TokenBucketSettings Clients => new(RequestsPerSecond, Burst, TimeSpan.FromSeconds(1), MaxClients);
}
