namespace UdpSuite.Chat.Tests.Support;

/// <summary>What <see cref="LossyUdpProxy"/> does to each datagram, independently per direction.</summary>
/// <param name="DropRate">Share of datagrams discarded.</param>
/// <param name="DuplicateRate">Share of the surviving datagrams sent twice.</param>
/// <param name="DelayRate">Share held back 1..<paramref name="MaxDelay"/> so later ones overtake them (reordering).</param>
/// <param name="MaxDelay">Longest hold.</param>
/// <param name="FlipRate">Share of the datagrams sent on with one random byte changed (a corrupted datagram, as a bad link or a meddler makes).</param>
public sealed record NetworkImpairment(double DropRate, double DuplicateRate, double DelayRate, TimeSpan MaxDelay, double FlipRate = 0)
{
    /// <summary>The corrupting link: one byte flipped in 10% of the datagrams, nothing else.</summary>
    public static NetworkImpairment Flipping { get; } = new(0, 0, 0, TimeSpan.Zero, FlipRate: 0.10);

    /// <summary>The hostile LAN: 30% loss, 10% duplication, a quarter of datagrams held 1-20 ms.</summary>
    public static NetworkImpairment Hostile { get; } = new(0.30, 0.10, 0.25, TimeSpan.FromMilliseconds(20));

    /// <summary>A perfect network.</summary>
    public static NetworkImpairment None { get; } = new(0, 0, 0, TimeSpan.Zero);
}
