using UdpSuite.Protocol.Sntp;

namespace UdpSuite.Protocol.Tests.Sntp;

public class NtpPacketTests
{
    [Fact]
    public void Encode_then_decode_round_trips_every_field()
    {
        var packet = new NtpPacket
        {
            Leap = NtpLeapIndicator.LastMinuteHas61Seconds,
            Version = 4,
            Mode = NtpMode.Server,
            Stratum = 2,
            Poll = 6,
            Precision = -20,
            RootDelay = 0x0001_8000,
            RootDispersion = 0x0000_0290,
            ReferenceId = 0xC0A8_0001,
            ReferenceTimestamp = new NtpTimestamp(1),
            OriginTimestamp = new NtpTimestamp(2),
            ReceiveTimestamp = new NtpTimestamp(3),
            TransmitTimestamp = new NtpTimestamp(ulong.MaxValue),
        };
        byte[] buffer = new byte[48];
        Assert.Equal(48, packet.WriteTo(buffer));
        NtpDecodeResult decoded = NtpPacket.Decode(buffer);
        Assert.True(decoded.IsSuccess);
        Assert.Equal(packet, decoded.Packet);
    }

    [Fact]
    public void First_byte_packs_leap_version_mode()
    {
        byte[] buffer = new byte[48];
        new NtpPacket { Leap = NtpLeapIndicator.Unsynchronized, Version = 4, Mode = NtpMode.Client }.WriteTo(buffer);
        Assert.Equal(0xE3, buffer[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(47)]
    public void Short_input_is_an_error_not_an_exception(int length)
    {
        NtpDecodeResult decoded = NtpPacket.Decode(new byte[length]);
        Assert.False(decoded.IsSuccess);
        Assert.Equal(NtpDecodeError.TooShort, decoded.Error);
    }

    [Fact]
    public void Version_zero_is_rejected()
    {
        byte[] buffer = new byte[48];
        buffer[0] = 0x03;
        Assert.Equal(NtpDecodeError.BadVersion, NtpPacket.Decode(buffer).Error);
    }

    [Fact]
    public void Trailing_extension_bytes_are_ignored()
    {
        byte[] buffer = new byte[68];
        buffer[0] = 0x23;
        NtpDecodeResult decoded = NtpPacket.Decode(buffer);
        Assert.True(decoded.IsSuccess);
        Assert.Equal(NtpMode.Client, decoded.Packet.Mode);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(1234);
        byte[] buffer = new byte[64];
        for (int i = 0; i < 5000; i++)
        {
            random.NextBytes(buffer);
            _ = NtpPacket.Decode(buffer.AsSpan(0, random.Next(0, 65)));
        }
    }

    [Fact]
    public void Short_format_converts_seconds()
    {
        Assert.Equal(0x0001_8000u, NtpPacket.ToShortFormat(1.5));
        Assert.Equal(1.5, NtpPacket.FromShortFormat(0x0001_8000u));
        Assert.Equal(0u, NtpPacket.ToShortFormat(-1));
        Assert.Equal(uint.MaxValue, NtpPacket.ToShortFormat(1e9));
    }

    [Fact]
    public void Reference_id_formats_as_ascii_at_low_stratum_and_ipv4_above()
    {
        Assert.Equal("RATE", NtpReferenceId.Format(NtpReferenceId.Rate, 0));
        Assert.Equal("GPS", NtpReferenceId.Format(NtpReferenceId.FromAscii("GPS"), 1));
        Assert.Equal("127.127.1.1", NtpReferenceId.Format(NtpReferenceId.LocalClock, 10));
    }
}
