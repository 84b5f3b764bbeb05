using System.Text;
using NodaTime;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Daytime;

namespace UdpSuite.Protocol.Tests.Daytime;

public class DaytimeTextTests
{
    private static string Format(Instant instant, Offset offset, string? abbreviation, int maxLength = 56)
    {
        byte[] buffer = new byte[100];
        int length = DaytimeText.Write(instant, offset, abbreviation, buffer, maxLength);
        return Encoding.ASCII.GetString(buffer, 0, length);
    }

    [Fact]
    public void Rfc867_style_line_with_crlf()
    {
        Assert.Equal("Tuesday, November 24, 2026 01:02:03-UTC\r\n", Format(Instant.FromUtc(2026, 11, 24, 1, 2, 3), Offset.Zero, "UTC"));
    }

    [Fact]
    public void Local_time_follows_the_offset()
    {
        Assert.Equal("Tuesday, November 24, 2026 09:02:03-CST\r\n",
            Format(Instant.FromUtc(2026, 11, 24, 1, 2, 3), Offset.FromHours(8), "CST"));
    }

    [Fact]
    public void Numeric_abbreviations_and_missing_ones_use_the_offset()
    {
        Assert.Equal("Tuesday, November 24, 2026 06:32:03-+0530\r\n",
            Format(Instant.FromUtc(2026, 11, 24, 1, 2, 3), Offset.FromHoursAndMinutes(5, 30), null));
        Assert.Equal("Monday, November 23, 2026 21:32:03--0330\r\n",
            Format(Instant.FromUtc(2026, 11, 24, 1, 2, 3), Offset.FromHoursAndMinutes(-3, -30), "not ascii ☃"));
    }

    [Fact]
    public void Longest_line_fits_the_empty_request_budget()
    {
        Assert.Equal(56, AmplificationLimit.MaxReplyLength(0));
        // Wednesday + September + two-digit day is the longest English spelling.
        string line = Format(Instant.FromUtc(2027, 9, 29, 23, 59, 59), Offset.Zero, "ABCDEFGH");
        Assert.StartsWith("Wednesday, September 29, 2027 23:59:59-ABCDEFGH", line);
        Assert.True(line.Length <= 56, line);
    }

    [Fact]
    public void Falls_back_to_iso_form_when_the_budget_is_small()
    {
        string line = Format(Instant.FromUtc(2027, 9, 29, 23, 59, 59), Offset.FromHours(-7), "PDT", maxLength: 30);
        Assert.Equal("2027-09-29T16:59:59-07:00\r\n", line);
        Assert.Equal(DaytimeText.ShortFormLength, line.Length);
    }

    [Fact]
    public void Writes_nothing_when_even_the_short_form_does_not_fit()
    {
        Assert.Equal(string.Empty, Format(Instant.FromUtc(2027, 9, 29, 23, 59, 59), Offset.Zero, "UTC", maxLength: 20));
    }

    [Fact]
    public void Years_1_and_9999_are_four_digits()
    {
        Assert.Equal("Monday, January 1, 0001 00:00:00-UTC\r\n", Format(Instant.FromUtc(1, 1, 1, 0, 0), Offset.Zero, "UTC"));
        Assert.StartsWith("Friday, December 31, 9999 23:59:59", Format(Instant.FromUtc(9999, 12, 31, 23, 59, 59), Offset.Zero, "UTC"));
    }
}
