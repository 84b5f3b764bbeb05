using System.Text;
using UdpSuite.Time.Strftime;

namespace UdpSuite.Time.Tests.Strftime;

/// <summary>Hand-checked cases (values as glibc prints them); the differential suite covers the rest.</summary>
public sealed class StrftimeFormatTests
{
    // 2026-11-24T08:05:09.012345Z (expected values printed by python3 time.strftime with TZ=Asia/Shanghai), a Tuesday, in Asia/Shanghai (+08:00, CST).
    private static readonly BrokenDownTime Shanghai = BrokenDownTime.FromEpoch(1_795_507_509, 12_345, 8 * 3600, false, "CST");

    private static string Format(string format, BrokenDownTime time) => StrftimeFormat.Compile(format).Format(in time);

    [Theory]
    [InlineData("%Y-%m-%d %X", "2026-11-24 16:05:09")]
    [InlineData("%c", "Tue Nov 24 16:05:09 2026")]
    [InlineData("%a %A %b %B %h", "Tue Tuesday Nov November Nov")]
    [InlineData("%^a %#A %#Z %^p %#p %P", "TUE TUESDAY cst PM pm pm")]
    [InlineData("%e|%_d|%-d|%05d|%3e", "24|24|24|00024| 24")]
    [InlineData("%z %Z %s %f", "+0800 CST 1795507509 012345")]
    [InlineData("%G-W%V-%u %j %U %W", "2026-W48-2 328 47 47")]
    [InlineData("%10z|%-z|%_10z", "         +0000000800|+800|         +       800")]
    [InlineData("%q %5q %^q %", "%q   %5q %^Q %")]
    [InlineData("%E% %Ey %EY %Od %OY %Ex", "% 26 2026 24 %OY 11/24/26")]
    [InlineData("%^10c|%030c", "TUE NOV 24 16:05:09 2026|000000Tue Nov 24 16:05:09 2026")]
    [InlineData("你好 %H 狗哥alex %^é", "你好 16 狗哥alex %^É")]
    [InlineData("%-f %5f %%f", "%-f   %5f %f")]
    public void Formats_like_glibc(string format, string expected)
    {
        Assert.Equal(expected, Format(format, Shanghai));
    }

    [Fact]
    public void Year_one_and_negative_epoch_seconds_format_like_glibc()
    {
        var yearOne = BrokenDownTime.FromEpoch(-62_135_596_800, 0, 0, false, "UTC");
        Assert.Equal("1 0 01 1-01-01 Mon Jan  1 00:00:00 1 -62135596800 0000000000-62135596800", Format("%Y %C %y %F %c %s %022s", yearOne));
    }

    [Fact]
    public void Formatting_into_a_span_allocates_nothing()
    {
        var format = StrftimeFormat.Compile("%Y-%m-%d %X %Z %z %c %s %f %^a %G %V");
        byte[] buffer = new byte[256];
        format.Format(in Shanghai, buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 1000; k++)
        {
            format.Format(in Shanghai, buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Result_that_does_not_fit_reports_its_size_instead_of_being_cut()
    {
        var format = StrftimeFormat.Compile("%2147483647Y%2147483647Y");
        FormatResult result = format.Format(in Shanghai, new byte[64]);
        Assert.False(result.Success);
        Assert.Equal(2L * int.MaxValue, result.RequiredLength);
    }

    [Fact]
    public void Cache_returns_the_same_compiled_format_and_stays_bounded()
    {
        var cache = new StrftimeFormatCache(capacity: 8);
        StrftimeFormat first = cache.Get("%H:%M"u8);
        Assert.Same(first, cache.Get("%H:%M"u8));
        for (int k = 0; k < 100; k++)
        {
            cache.Get(Encoding.UTF8.GetBytes($"%H {k}"));
        }

        Assert.True(cache.Count <= 8);
    }
}
