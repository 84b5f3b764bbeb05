namespace UdpSuite.Server.Discovery;

/// <summary>Why the discovery listener dropped a datagram (metric tag <c>reason</c>).</summary>
internal static class DiscoveryDropReasons
{
    /// <summary>Not a version-1 DISCOVER (junk, another server's DISCOVER_REPLY, ...).</summary>
    public const string NotProbe = "not-discover";

    /// <summary>A DISCOVER shorter than 48 bytes.</summary>
    public const string TooShort = "discover-too-short";

    /// <summary>The source address sent more than 10 probes a second.</summary>
    public const string RateLimited = "rate-limited-source";

    /// <summary>The answer would exceed 3x the probe.</summary>
    public const string Amplification = "amplification";
}
