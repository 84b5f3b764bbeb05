using System.Globalization;
using BenchmarkDotNet.Attributes;
using NodaTime;
using NodaTime.Text;
using UdpSuite.Time.Strftime;

namespace UdpSuite.Benchmarks;

/// <summary>
/// The strftime engine formatting into a span against .NET's DateTime formatting and NodaTime's pattern with the
/// nearest equivalent custom format. Where .NET has no equivalent conversion (%j, %U, %W, %w, %e, %_H, %^a) the .NET
/// format uses the nearest field of the same width, so those rows compare similar work, not identical output.
/// </summary>
[MemoryDiagnoser]
public class StrftimeBenchmarks
{
    // 20 conversions; the .NET equivalent below has 20 fields of comparable width.
    private const string TwentyConversions = "%a %A %b %B %d %H %I %j %m %M %p %S %U %w %W %y %Y %Z %z %%";
    private const string TwentyConversionsDotNet = "ddd dddd MMM MMMM dd HH hh ddd MM mm tt ss dd d dd yy yyyy 'UTC' zzz '%'";
    private const string FlagsWidths = "%-d/%-m/%Y %_H:%M:%S %^a %10B %-j";
    private const string FlagsWidthsDotNet = "d/M/yyyy H:mm:ss ddd MMMMMMMMMM ddd";

    private readonly byte[] _utf8 = new byte[256];
    private readonly char[] _chars = new char[256];
    private BrokenDownTime _time;
    private DateTime _dateTime;
    private LocalDateTime _local;
    private StrftimeFormat _ymdX = null!;
    private StrftimeFormat _c = null!;
    private StrftimeFormat _twenty = null!;
    private StrftimeFormat _flags = null!;
    private LocalDateTimePattern _nodaYmdX = null!;
    private LocalDateTimePattern _nodaC = null!;
    private LocalDateTimePattern _nodaTwenty = null!;
    private LocalDateTimePattern _nodaFlags = null!;

    [GlobalSetup]
    public void Setup()
    {
        Instant instant = Instant.FromUtc(2026, 11, 24, 1, 2, 3).PlusNanoseconds(456_789_000);
        _time = BrokenDownTime.From(instant, DateTimeZone.Utc);
        _dateTime = instant.ToDateTimeUtc();
        _local = instant.InUtc().LocalDateTime;
        _ymdX = StrftimeFormat.Compile("%Y-%m-%d %X");
        _c = StrftimeFormat.Compile("%c");
        _twenty = StrftimeFormat.Compile(TwentyConversions);
        _flags = StrftimeFormat.Compile(FlagsWidths);
        _nodaYmdX = LocalDateTimePattern.Create("uuuu-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        _nodaC = LocalDateTimePattern.Create("ddd MMM d HH:mm:ss uuuu", CultureInfo.InvariantCulture);
        // NodaTime refuses a field twice in one pattern: this one has every distinct field it allows (10), plus the literals.
        _nodaTwenty = LocalDateTimePattern.Create("dddd MMMM dd HH:mm:ss.ffffff tt uuuu 'UTC' '+0000' '%'", CultureInfo.InvariantCulture);
        _nodaFlags = LocalDateTimePattern.Create("d/M/uuuu H:mm:ss ddd MMMM", CultureInfo.InvariantCulture);
    }

    // ---- %Y-%m-%d %X ----
    [Benchmark(Baseline = true, Description = "strftime %Y-%m-%d %X -> span")]
    public int Strftime_YmdX() => _ymdX.Format(in _time, _utf8).BytesWritten;

    [Benchmark(Description = "DateTime.ToString(yyyy-MM-dd HH:mm:ss)")]
    public string DateTime_YmdX() => _dateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    [Benchmark(Description = "DateTime.TryFormat utf8 (yyyy-MM-dd HH:mm:ss)")]
    public int DateTimeUtf8_YmdX()
    {
        _dateTime.TryFormat(_utf8, out int written, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return written;
    }

    [Benchmark(Description = "NodaTime pattern uuuu-MM-dd HH:mm:ss")]
    public string Noda_YmdX() => _nodaYmdX.Format(_local);

    // ---- %c ----
    [Benchmark(Description = "strftime %c -> span")]
    public int Strftime_c() => _c.Format(in _time, _utf8).BytesWritten;

    [Benchmark(Description = "DateTime.ToString(ddd MMM d HH:mm:ss yyyy)")]
    public string DateTime_c() => _dateTime.ToString("ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture);

    [Benchmark(Description = "NodaTime pattern ddd MMM d HH:mm:ss uuuu")]
    public string Noda_c() => _nodaC.Format(_local);

    // ---- 20 conversions ----
    [Benchmark(Description = "strftime 20 conversions -> span")]
    public int Strftime_Twenty() => _twenty.Format(in _time, _utf8).BytesWritten;

    [Benchmark(Description = "DateTime.ToString(20 fields)")]
    public string DateTime_Twenty() => _dateTime.ToString(TwentyConversionsDotNet, CultureInfo.InvariantCulture);

    [Benchmark(Description = "NodaTime pattern (10 distinct fields)")]
    public string Noda_Twenty() => _nodaTwenty.Format(_local);

    // ---- flags and widths ----
    [Benchmark(Description = "strftime flags/widths -> span")]
    public int Strftime_Flags() => _flags.Format(in _time, _utf8).BytesWritten;

    [Benchmark(Description = "DateTime.ToString(flags-equivalent)")]
    public string DateTime_Flags() => _dateTime.ToString(FlagsWidthsDotNet, CultureInfo.InvariantCulture);

    [Benchmark(Description = "NodaTime pattern (flags-equivalent)")]
    public string Noda_Flags() => _nodaFlags.Format(_local);

    // ---- the whole conversion the time-text listener does per datagram (Instant -> broken-down -> bytes) ----
    [Benchmark(Description = "BrokenDownTime.From(UTC) + strftime %Y-%m-%d %X")]
    public int FromAndFormat()
    {
        BrokenDownTime t = BrokenDownTime.From(Instant.FromUnixTimeTicks(17_639_461_234_567_890L), DateTimeZone.Utc);
        return _ymdX.Format(in t, _utf8).BytesWritten;
    }

    [Benchmark(Description = "compile %Y-%m-%d %X (cache miss)")]
    public StrftimeFormat Compile() => StrftimeFormat.Compile("%Y-%m-%d %X");

    internal char[] Chars => _chars;
}
