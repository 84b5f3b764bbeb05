namespace UdpSuite.Protocol.Discovery;

/// <summary>What a datagram received on the discovery port is.</summary>
public enum DiscoveryProbeVerdict
{
    /// <summary>A DISCOVER of at least <see cref="DiscoveryWire.ProbeLength"/> bytes: answer it.</summary>
    Probe,

    /// <summary>Not a version-1 DISCOVER (another magic, version or type, a DISCOVER_REPLY): drop.</summary>
    NotProbe,

    /// <summary>A DISCOVER without its padding: drop, since the answer could exceed three times it.</summary>
    TooShort,
}
