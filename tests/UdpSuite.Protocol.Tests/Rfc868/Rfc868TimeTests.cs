using NodaTime;
using UdpSuite.Protocol.Rfc868;

namespace UdpSuite.Protocol.Tests.Rfc868;

public class Rfc868TimeTests
{
    [Fact]
    public void Rfc_examples_encode_as_documented()
    {
        // RFC 868: 2,208,988,800 corresponds to 00:00 1 Jan 1970 GMT.
        byte[] buffer = new byte[4];
        Assert.Equal(4, Rfc868Time.Write(Instant.FromUnixTimeSeconds(0), buffer));
        Assert.Equal(new byte[] { 0x83, 0xAA, 0x7E, 0x80 }, buffer);
    }

    [Fact]
    public void Fractions_round_down()
    {
        byte[] a = new byte[4];
        byte[] b = new byte[4];
        Rfc868Time.Write(Instant.FromUnixTimeMilliseconds(999), a);
        Rfc868Time.Write(Instant.FromUnixTimeSeconds(0), b);
        Assert.Equal(b, a);
    }

    [Fact]
    public void Wraps_in_2036_and_decodes_near_the_pivot()
    {
        Instant after = Instant.FromUtc(2036, 2, 7, 6, 28, 20);
        byte[] buffer = new byte[4];
        Rfc868Time.Write(after, buffer);
        Assert.Equal(new byte[] { 0, 0, 0, 4 }, buffer);
        Assert.True(Rfc868Time.TryRead(buffer, Instant.FromUtc(2036, 1, 1, 0, 0), out Instant decoded));
        Assert.Equal(after, decoded);
    }

    [Fact]
    public void Decodes_current_era()
    {
        Instant now = Instant.FromUtc(2026, 11, 24, 1, 2, 3);
        byte[] buffer = new byte[4];
        Rfc868Time.Write(now, buffer);
        Assert.True(Rfc868Time.TryRead(buffer, now + Duration.FromDays(30), out Instant decoded));
        Assert.Equal(now, decoded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    public void Wrong_length_fails(int length)
    {
        Assert.False(Rfc868Time.TryRead(new byte[length], Instant.FromUtc(2026, 1, 1, 0, 0), out _));
    }
}
