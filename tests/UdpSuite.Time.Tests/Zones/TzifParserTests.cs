using System.Buffers.Binary;
using UdpSuite.Time.Zones;

namespace UdpSuite.Time.Tests.Zones;

public sealed class TzifParserTests
{
    private const string NewYorkPath = "/usr/share/zoneinfo/America/New_York";

    [Fact]
    public void Parses_the_host_new_york_file_from_the_64_bit_block()
    {
        var result = TzifParser.Parse(File.ReadAllBytes(NewYorkPath));

        Assert.True(result.IsSuccess, result.Error);
        var data = result.Value!;
        Assert.True(data.Version >= 2);
        Assert.Equal("EST5EDT,M3.2.0,M11.1.0", data.Footer);
        Assert.Equal(new TzifLocalTimeType(-17762, false, "LMT"), data.Types[0]);
        Assert.Contains(data.Types, t => t == new TzifLocalTimeType(-14400, true, "EDT"));
        Assert.Equal(-2717650800, data.Transitions[0]); // 1883-11-18 17:00 UTC: railway time.
    }

    [Fact]
    public void Version_1_file_uses_the_32_bit_block_and_has_no_footer()
    {
        var file = new TzifTestFile
        {
            Version = '\0',
            Transitions = [-100, 100],
            TransitionTypes = [1, 0],
            Types = [(3600, false, 0), (7200, true, 4)],
            Abbreviations = "STD\0DST\0",
        }.Build();

        var data = AssertSuccess(file);

        Assert.Equal(1, data.Version);
        Assert.Null(data.Footer);
        Assert.Equal([-100L, 100L], data.Transitions);
        Assert.Equal(new TzifLocalTimeType(7200, true, "DST"), data.Types[1]);
    }

    [Fact]
    public void Leap_and_indicator_records_are_skipped()
    {
        var file = new TzifTestFile
        {
            Version = '3',
            Transitions = [5_000_000_000],
            TransitionTypes = [0],
            LeapCount = 3,
            IndicatorCount = 1,
            Footer = "<+00>0",
        }.Build();

        var data = AssertSuccess(file);

        Assert.Equal(3, data.Version);
        Assert.Equal(3, data.LeapSecondCount);
        Assert.Equal([5_000_000_000L], data.Transitions);
        Assert.Equal("<+00>0", data.Footer);
    }

    [Fact]
    public void Empty_footer_means_no_footer()
    {
        var data = AssertSuccess(new TzifTestFile { Footer = string.Empty }.Build());

        Assert.Null(data.Footer);
    }

    [Theory]
    [InlineData(new byte[0], "truncated")]
    [InlineData(new byte[] { (byte)'T', (byte)'Z', (byte)'i', (byte)'f' }, "truncated")]
    public void Short_inputs_are_errors(byte[] input, string expected)
    {
        var result = TzifParser.Parse(input);

        Assert.False(result.IsSuccess);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_magic_is_an_error()
    {
        var file = new TzifTestFile().Build();
        file[0] = (byte)'X';

        AssertError(file, "magic");
    }

    [Fact]
    public void Every_truncation_of_a_real_file_is_an_error_not_an_exception()
    {
        var file = File.ReadAllBytes(NewYorkPath);
        for (int length = 0; length < file.Length; length++)
        {
            Assert.False(TzifParser.Parse(file.AsSpan(0, length)).IsSuccess, $"prefix of {length} bytes parsed");
        }
    }

    [Theory]
    [InlineData(0, "isutcnt")]
    [InlineData(1, "isstdcnt")]
    [InlineData(2, "leapcnt")]
    [InlineData(3, "timecnt")]
    [InlineData(4, "typecnt")]
    [InlineData(5, "charcnt")]
    public void Absurd_counts_are_errors(int field, string name)
    {
        // The six big-endian counts sit at offsets 20..43 of the header.
        var file = new TzifTestFile { Transitions = [1], TransitionTypes = [0] }.Build();
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(20 + (field * 4)), uint.MaxValue);

        var result = TzifParser.Parse(file);

        Assert.False(result.IsSuccess, name);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void Absurd_counts_in_the_second_header_are_errors()
    {
        var file = new TzifTestFile().Build();
        int secondHeader = 44 + 6 + 4; // v1 block: one type, "UTC\0".
        for (int field = 0; field < 6; field++)
        {
            var copy = (byte[])file.Clone();
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(secondHeader + 20 + (field * 4)), 0x7FFFFFFF);
            Assert.False(TzifParser.Parse(copy).IsSuccess, $"count {field}");
        }
    }

    [Fact]
    public void Zero_types_is_an_error() =>
        AssertError(new TzifTestFile { Types = [], Abbreviations = string.Empty }.Build(), "typecnt");

    [Fact]
    public void Type_index_out_of_range_is_an_error() =>
        AssertError(new TzifTestFile { Transitions = [0], TransitionTypes = [1] }.Build(), "refers to type 1");

    [Fact]
    public void Isdst_other_than_0_or_1_is_an_error()
    {
        // A version 1 file, because glibc (and this parser) skip the 32-bit block of later versions unread.
        var file = new TzifTestFile { Version = '\0' }.Build();
        file[44 + 4] = 2; // isdst of the single type.

        AssertError(file, "isdst");
    }

    [Fact]
    public void Abbreviation_index_out_of_range_is_an_error() =>
        AssertError(new TzifTestFile { Types = [(0, false, 9)] }.Build(), "abbreviation index");

    [Fact]
    public void Unordered_transitions_are_an_error() =>
        AssertError(new TzifTestFile { Transitions = [10, 10], TransitionTypes = [0, 0] }.Build(), "not after");

    [Fact]
    public void Missing_or_unterminated_footer_is_an_error()
    {
        var file = new TzifTestFile { Footer = null }.Build();
        AssertError(file, "footer");

        var unterminated = new TzifTestFile().Build()[..^1];
        AssertError(unterminated, "footer");
    }

    [Fact]
    public void Random_corruption_never_throws()
    {
        var original = File.ReadAllBytes(NewYorkPath);
        var random = new Random(99);
        for (int i = 0; i < 3000; i++)
        {
            var copy = (byte[])original.Clone();
            int flips = random.Next(1, 8);
            for (int j = 0; j < flips; j++)
            {
                // Favour the headers, where corruption changes the most.
                int position = random.Next(3) == 0 ? random.Next(Math.Min(copy.Length, 100)) : random.Next(copy.Length);
                copy[position] = (byte)random.Next(256);
            }

            var result = TzifParser.Parse(copy);
            Assert.True(result.IsSuccess ^ (result.Error is not null));
        }
    }

    private static TzifData AssertSuccess(byte[] file)
    {
        var result = TzifParser.Parse(file);
        Assert.True(result.IsSuccess, result.Error);
        return result.Value!;
    }

    private static void AssertError(byte[] file, string expected)
    {
        var result = TzifParser.Parse(file);
        Assert.False(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }
}
