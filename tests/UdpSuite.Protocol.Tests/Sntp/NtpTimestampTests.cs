using NodaTime;
using UdpSuite.Protocol.Sntp;

namespace UdpSuite.Protocol.Tests.Sntp;

public class NtpTimestampTests
{
    [Fact]
    public void Unix_epoch_is_2208988800_seconds_into_era_0()
    {
        NtpTimestamp stamp = NtpTimestamp.FromInstant(Instant.FromUnixTimeSeconds(0));
        Assert.Equal(2_208_988_800u, stamp.Seconds);
        Assert.Equal(0u, stamp.Fraction);
    }

    [Fact]
    public void Half_a_second_is_fraction_two_to_the_31()
    {
        NtpTimestamp stamp = NtpTimestamp.FromInstant(Instant.FromUnixTimeMilliseconds(500));
        Assert.Equal(0x8000_0000u, stamp.Fraction);
    }

    [Fact]
    public void Era_1_starts_2036_02_07_06_28_16_with_seconds_zero()
    {
        Instant era1 = Instant.FromUtc(2036, 2, 7, 6, 28, 16);
        NtpTimestamp stamp = NtpTimestamp.FromInstant(era1);
        Assert.Equal(0ul, stamp.Value);
        Assert.Equal(era1, stamp.ToInstant(1));
        Assert.Equal(era1, stamp.ToInstantRfc4330());
    }

    [Theory]
    [InlineData(1970, 1)]
    [InlineData(2026, 11)]
    [InlineData(2036, 2)]
    [InlineData(2040, 6)]
    [InlineData(2100, 12)]
    public void Round_trip_near_pivot_is_exact_to_a_nanosecond(int year, int month)
    {
        Instant instant = Instant.FromUtc(year, month, 7, 6, 28, 15) + Duration.FromNanoseconds(123_456_789);
        Instant back = NtpTimestamp.FromInstant(instant).ToInstantNear(instant + Duration.FromDays(3650));
        Assert.InRange((back - instant).ToInt64Nanoseconds(), -1, 0);
    }

    [Fact]
    public void Rfc4330_convention_puts_high_bit_values_in_era_0()
    {
        Instant instant = Instant.FromUtc(2026, 11, 24, 1, 2, 3);
        Assert.Equal(instant, NtpTimestamp.FromInstant(instant).ToInstantRfc4330());
    }

    [Fact]
    public void Subtract_is_correct_across_the_2036_wrap()
    {
        Instant before = Instant.FromUtc(2036, 2, 7, 6, 28, 15);
        Instant after = before + Duration.FromSeconds(2);
        Assert.Equal(Duration.FromSeconds(2), NtpTimestamp.FromInstant(after).Subtract(NtpTimestamp.FromInstant(before)));
        Assert.Equal(Duration.FromSeconds(-2), NtpTimestamp.FromInstant(before).Subtract(NtpTimestamp.FromInstant(after)));
    }

    [Fact]
    public void Far_instants_wrap_without_throwing()
    {
        NtpTimestamp stamp = NtpTimestamp.FromInstant(Instant.FromUtc(9999, 12, 31, 23, 59, 59));
        Assert.Equal(Instant.FromUtc(9999, 12, 31, 23, 59, 59), stamp.ToInstantNear(Instant.FromUtc(9999, 1, 1, 0, 0)));
        NtpTimestamp early = NtpTimestamp.FromInstant(Instant.FromUtc(1, 1, 1, 0, 0));
        Assert.Equal(Instant.FromUtc(1, 1, 1, 0, 0), early.ToInstantNear(Instant.FromUtc(1, 6, 1, 0, 0)));
    }

    [Fact]
    public void Wire_form_is_big_endian()
    {
        var stamp = new NtpTimestamp(0x0102030405060708ul);
        byte[] bytes = new byte[8];
        stamp.WriteTo(bytes);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, bytes);
        Assert.Equal(stamp, NtpTimestamp.ReadFrom(bytes));
    }
}
