namespace UdpSuite.Protocol.Discovery;

/// <summary>Which listener a port in a DISCOVER_REPLY belongs to. Unknown kinds are skipped by readers (newer servers may list more).</summary>
public enum DiscoveryEndpointKind : byte
{
    /// <summary>The chat relay (docs/PROTOCOL.md).</summary>
    Chat = 1,

    /// <summary>The strftime time-text protocol.</summary>
    TimeText = 2,

    /// <summary>SNTPv4.</summary>
    Sntp = 3,

    /// <summary>RFC 868 Time.</summary>
    Rfc868 = 4,

    /// <summary>RFC 867 Daytime.</summary>
    Daytime = 5,
}
