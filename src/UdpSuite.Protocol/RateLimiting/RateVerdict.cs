namespace UdpSuite.Protocol.RateLimiting;

/// <summary>
/// What a per-key rate limit says about one datagram. Each listener turns it into its own wire answer: chat sends
/// SLOW_DOWN for <see cref="DropAndNotify"/>, SNTP a Kiss-o'-Death RATE packet.
/// </summary>
public enum RateVerdict
{
    /// <summary>Within the limit: handle it.</summary>
    Allow,

    /// <summary>Over the limit: drop it, and tell the sender to slow down (paced per key).</summary>
    DropAndNotify,

    /// <summary>Over the limit: drop it silently (the sender was told recently).</summary>
    Drop,
}
