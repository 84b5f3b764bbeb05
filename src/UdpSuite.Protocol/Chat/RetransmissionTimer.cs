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

    private TimeSpan _smoothed;
    private TimeSpan _variation;
    private bool _hasSample;

    public TimeSpan Timeout { get; private set; } = Initial;

    /// <summary>Feeds one round-trip measurement (from a datagram that was sent once).</summary>
    public void Sample(TimeSpan roundTrip)
    {
        if (!_hasSample)
        {
            _smoothed = roundTrip;
            _variation = roundTrip / 2;
            _hasSample = true;
        }
        else
        {
            TimeSpan error = (_smoothed - roundTrip).Duration();
            _variation = (_variation * 3 / 4) + (error / 4);
            _smoothed = (_smoothed * 7 / 8) + (roundTrip / 8);
        }

        TimeSpan rto = _smoothed + TimeSpan.FromTicks(Math.Max(Granularity.Ticks, (_variation * 4).Ticks));
        Timeout = Clamp(rto);
    }

    /// <summary>A timeout fired: back off exponentially.</summary>
    public void Backoff() => Timeout = Clamp(Timeout * 2);

    public TimeSpan SmoothedRoundTrip => _smoothed;

    /// <summary>
    /// Ticks to wait after the <paramref name="sends"/>-th send (1 and up) of the same datagram before the next:
    /// <paramref name="rto"/> doubled per earlier send (at most 6 doublings), capped at <see cref="Maximum"/>.
    /// </summary>
    public static long WaitTicks(TimeSpan rto, int sends) => Math.Min(rto.Ticks << Math.Min(sends - 1, 6), Maximum.Ticks);

    private static TimeSpan Clamp(TimeSpan value) => value < Minimum ? Minimum : value > Maximum ? Maximum : value;
}
