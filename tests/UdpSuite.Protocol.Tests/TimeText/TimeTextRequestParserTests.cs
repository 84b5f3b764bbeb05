using System.Text;
using NodaTime;
using UdpSuite.Protocol.TimeText;

namespace UdpSuite.Protocol.Tests.TimeText;

public sealed class TimeTextRequestParserTests
{
    private static (TimeTextError Error, string Format, string Zone, Instant? At) Parse(byte[] payload)
    {
        TimeTextError error = TimeTextRequestParser.Parse(payload, out TimeTextRequest request);
        return (error, Encoding.UTF8.GetString(request.Format), Encoding.UTF8.GetString(request.Zone), request.At);
    }

    private static (TimeTextError Error, string Format, string Zone, Instant? At) Parse(string payload) => Parse(Encoding.UTF8.GetBytes(payload));

    [Fact]
    public void Empty_payload_means_the_classic_default_format()
    {
        Assert.Equal((TimeTextError.None, "%Y-%m-%d %X", "", (Instant?)null), Parse(""));
    }

    [Fact]
    public void Plain_format_keeps_its_classic_meaning()
    {
        Assert.Equal((TimeTextError.None, "%H:%M 你好 {tz=x}", "", (Instant?)null), Parse("%H:%M 你好 {tz=x}"));
    }

    [Fact]
    public void Options_block_selects_zone_and_instant()
    {
        var parsed = Parse("%{tz=Asia/Shanghai;at=2026-11-24T08:00:00Z}%F %T");
        Assert.Equal(TimeTextError.None, parsed.Error);
        Assert.Equal("%F %T", parsed.Format);
        Assert.Equal("Asia/Shanghai", parsed.Zone);
        Assert.Equal(Instant.FromUtc(2026, 11, 24, 8, 0), parsed.At);
    }

    [Fact]
    public void Empty_options_block_escapes_a_classic_format_starting_with_percent_brace()
    {
        Assert.Equal((TimeTextError.None, "%{literally", "", (Instant?)null), Parse("%{}%{literally"));
        Assert.Equal("%Y-%m-%d %X", Parse("%{zone=UTC}").Format);
    }

    [Theory]
    [InlineData("%{tz}%H")]
    [InlineData("%{color=red}%H")]
    [InlineData("%{tz=UTC")]
    [InlineData("%{at=yesterday}%H")]
    [InlineData("%{tz=}%H")]
    public void Malformed_options_are_an_option_error(string payload)
    {
        Assert.Equal(TimeTextError.BadOption, Parse(payload).Error);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        Assert.Equal(TimeTextError.InvalidUtf8, Parse([0x25, 0x59, 0xC3, 0x28]).Error);
        Assert.Equal(TimeTextError.InvalidUtf8, Parse([0xFF]).Error);
    }

    [Fact]
    public void Nul_byte_is_refused_rather_than_silently_cutting_the_format()
    {
        Assert.Equal(TimeTextError.NulByte, Parse([0x25, 0x59, 0x00, 0x25, 0x6D]).Error);
    }

    [Fact]
    public void Over_long_format_and_options_are_refused()
    {
        Assert.Equal(TimeTextError.None, Parse(new string('x', TimeTextProtocol.MaxFormatBytes)).Error);
        Assert.Equal(TimeTextError.TooLong, Parse(new string('x', TimeTextProtocol.MaxFormatBytes + 1)).Error);
        Assert.Equal(TimeTextError.TooLong, Parse("%{tz=" + new string('a', 300) + "}%H").Error);
    }

    [Fact]
    public void Error_reply_keeps_its_code_when_the_explanation_does_not_fit()
    {
        byte[] buffer = new byte[100];
        int full = TimeTextErrorReply.Write(TimeTextError.UnknownZone, "Mars/Olympus_Mons", buffer, 100);
        Assert.Equal("ERR zone: unknown time zone 'Mars/Olympus_Mons'", Encoding.UTF8.GetString(buffer, 0, full));
        int brief = TimeTextErrorReply.Write(TimeTextError.UnknownZone, new string('x', 200), buffer, 100);
        Assert.Equal("ERR zone", Encoding.UTF8.GetString(buffer, 0, brief));
    }
}
