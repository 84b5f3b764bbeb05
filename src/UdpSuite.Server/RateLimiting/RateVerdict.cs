namespace UdpSuite.Server.RateLimiting;

/// <summary>What a rate limiter says about one datagram.</summary>
public enum RateVerdict
{
    /// <summary>Within the limit: handle it.</summary>
    Allow,

    /// <summary>Over the limit: drop it, and tell the sender to slow down (at most once per notice interval per key).</summary>
    DropAndNotify,

    /// <summary>Over the limit: drop it silently (a notice went out recently).</summary>
    Drop,
}
