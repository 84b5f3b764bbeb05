using UdpSuite.Server.RateLimiting;

namespace UdpSuite.Server.Chat.RateLimit;

/// <summary>
/// Chat rate limits (configuration section <c>Server:ChatRateLimit</c>, e.g. <c>UDPSUITE_Server__ChatRateLimit__PerAccountPerSecond=50</c>).
/// Per source address: every chat datagram, checked before any crypto work (so HELLO/REGISTER/PROOF floods are capped).
/// Per account: authenticated DATA fragments. Defaults are far above what a person sends — a 64 KiB message is 58 fragments,
/// and a client on a 30% lossy link retransmits many more — so they only stop floods. Checked by <see cref="ChatRateLimitOptionsValidator"/>.
/// </summary>
public sealed class ChatRateLimitOptions
{
    /// <summary>Sustained datagrams per second from one source address (all its users and ports together).</summary>
    public int PerSourcePerSecond { get; set; } = 2000;

    /// <summary>Datagrams one source address may send back to back.</summary>
    public int PerSourceBurst { get; set; } = 4000;

    /// <summary>Sustained DATA fragments per second from one account.</summary>
    public int PerAccountPerSecond { get; set; } = 500;

    /// <summary>DATA fragments one account may send back to back.</summary>
    public int PerAccountBurst { get; set; } = 1000;

    /// <summary>Least time between two SLOW_DOWN notices to one source or account.</summary>
    public int NoticeIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Most sources (and, separately, accounts) remembered; the least recently seen half is forgotten when full.</summary>
    public int MaxTracked { get; set; } = 16_384;

    /// <summary>The per-source limit.</summary>
    public TokenBucketSettings Source => new(PerSourcePerSecond, PerSourceBurst, TimeSpan.FromMilliseconds(NoticeIntervalMilliseconds), MaxTracked);

    /// <summary>The per-account limit.</summary>
    public TokenBucketSettings Account => new(PerAccountPerSecond, PerAccountBurst, TimeSpan.FromMilliseconds(NoticeIntervalMilliseconds), MaxTracked);
}
