using NodaTime;
using UdpSuite.Protocol.Sntp;

namespace UdpSuite.Protocol.Tests.Sntp;

public class SntpMeasurementTests
{
    private static NtpTimestamp At(Instant instant) => NtpTimestamp.FromInstant(instant);

    [Fact]
    public void Symmetric_path_gives_exact_offset_and_delay()
    {
        Instant t1 = Instant.FromUtc(2026, 11, 24, 0, 0);
        // Server is 5 s ahead; each leg takes 10 ms; server holds the request 1 ms.
        Instant t2 = t1 + Duration.FromSeconds(5) + Duration.FromMilliseconds(10);
        Instant t3 = t2 + Duration.FromMilliseconds(1);
        Instant t4 = t1 + Duration.FromMilliseconds(21);
        SntpMeasurement m = SntpMeasurement.Compute(At(t1), At(t2), At(t3), At(t4));
        Assert.InRange(Math.Abs((m.Offset - Duration.FromSeconds(5)).TotalMilliseconds), 0, 0.001);
        Assert.InRange(Math.Abs((m.Delay - Duration.FromMilliseconds(20)).TotalMilliseconds), 0, 0.001);
    }

    [Fact]
    public void Works_across_the_2036_era_boundary()
    {
        Instant t1 = Instant.FromUtc(2036, 2, 7, 6, 28, 15);
        Instant t2 = t1 + Duration.FromMilliseconds(1500);
        SntpMeasurement m = SntpMeasurement.Compute(At(t1), At(t2), At(t2), At(t1 + Duration.FromMilliseconds(2)));
        Assert.InRange(m.Offset.TotalMilliseconds, 1498.9, 1499.1);
    }

    [Fact]
    public void Negative_delay_is_floored_at_zero()
    {
        Instant t1 = Instant.FromUtc(2026, 1, 1, 0, 0);
        SntpMeasurement m = SntpMeasurement.Compute(At(t1), At(t1), At(t1 + Duration.FromSeconds(1)), At(t1));
        Assert.Equal(Duration.Zero, m.Delay);
    }
}
