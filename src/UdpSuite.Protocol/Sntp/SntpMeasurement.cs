using NodaTime;

namespace UdpSuite.Protocol.Sntp;

/// <summary>
/// Clock offset and round-trip delay from the four timestamps of one exchange (RFC 4330 section 5, RFC 5905 8):
/// T1 client transmit, T2 server receive, T3 server transmit, T4 client receive.
/// Differences use the raw 64-bit values, so the result is right across an NTP era boundary.
/// </summary>
public readonly record struct SntpMeasurement(Duration Offset, Duration Delay)
{
    /// <summary>offset = ((T2 - T1) + (T3 - T4)) / 2; delay = (T4 - T1) - (T3 - T2), floored at zero.</summary>
    public static SntpMeasurement Compute(NtpTimestamp t1, NtpTimestamp t2, NtpTimestamp t3, NtpTimestamp t4)
    {
        Duration offset = ((t2.Subtract(t1)) + (t3.Subtract(t4))) / 2;
        Duration delay = t4.Subtract(t1) - t3.Subtract(t2);
        // A server that takes longer than the round trip (clock steps, bad server) would give a negative delay.
        return new SntpMeasurement(offset, delay < Duration.Zero ? Duration.Zero : delay);
    }
}
