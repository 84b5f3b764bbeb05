namespace UdpSuite.Protocol.Chat;

/// <summary>
/// RFC 6298 retransmission timeout from measured round trips: SRTT and RTTVAR with the standard gains,
/// RTO = SRTT + max(G, 4 RTTVAR), doubled on each timeout (Karn: samples from retransmitted datagrams are not used).
/// Bounds are tuned for a LAN: 200 ms initial, 20 ms floor, 3 s ceiling (RFC 6298's 1 s floor suits the Internet).
/// </summary>
public sealed class RetransmissionTimer
{
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Granularity = TimeSpan.FromMilliseconds(1);

    private TimeSpan smoothed;
    private TimeSpan variation;
    private bool hasSample;

    public TimeSpan Timeout { get; private set; } = Initial;

    /// <summary>Feeds one round-trip measurement (from a datagram that was sent once).</summary>
    public void Sample(TimeSpan roundTrip)
    {
        if (!hasSample)
        {
            smoothed = roundTrip;
            variation = roundTrip / 2;
            hasSample = true;
        }
        else
        {
            TimeSpan error = (smoothed - roundTrip).Duration();
            variation = (variation * 3 / 4) + (error / 4);
            smoothed = (smoothed * 7 / 8) + (roundTrip / 8);
        }

        TimeSpan rto = smoothed + TimeSpan.FromTicks(Math.Max(Granularity.Ticks, (variation * 4).Ticks));
        Timeout = Clamp(rto);
    }

    /// <summary>A timeout fired: back off exponentially.</summary>
    public void Backoff() => Timeout = Clamp(Timeout * 2);

    public TimeSpan SmoothedRoundTrip => smoothed;

    private static TimeSpan Clamp(TimeSpan value) => value < Minimum ? Minimum : value > Maximum ? Maximum : value;
}
