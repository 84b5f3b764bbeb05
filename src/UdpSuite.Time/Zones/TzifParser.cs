using System.Buffers.Binary;
using System.Text;

namespace UdpSuite.Time.Zones;

/// <summary>
/// Parses TZif files (RFC 8536, versions 1 to 4) the way glibc 2.36 reads them: the 64-bit data block of a
/// version 2+ file is used and the 32-bit block skipped; leap-second, standard/wall and UT/local indicator
/// records are skipped after their lengths are checked.
/// </summary>
/// <remarks>
/// Every count is bounds-checked against the remaining input before anything is read or allocated, so any
/// input (including fuzzed or truncated bytes) yields an error result rather than an exception.
/// </remarks>
public static class TzifParser
{
    private const int HeaderLength = 44;

    /// <summary>
    /// Parses <paramref name="data"/>. Never throws: malformed input gives a result whose
    /// <see cref="TzifParseResult.Error"/> says what is wrong.
    /// </summary>
    public static TzifParseResult Parse(ReadOnlySpan<byte> data)
    {
        if (!TryReadHeader(data, 0, out var v1, out var error))
        {
            return TzifParseResult.Failure(error);
        }

        long v1Length = v1.DataLength(timeSize: 4);
        if (v1.Version == 0)
        {
            if (HeaderLength + v1Length > data.Length)
            {
                return TzifParseResult.Failure($"truncated: the version 1 data block needs {v1Length} bytes but only {data.Length - HeaderLength} remain");
            }

            return ParseBlock(data.Slice(HeaderLength, (int)v1Length), v1, timeSize: 4, version: 1, footer: null);
        }

        // glibc reads only the second (64-bit) header and block of a version 2+ file; the first block is skipped.
        long secondHeader = HeaderLength + v1Length;
        if (secondHeader > data.Length)
        {
            return TzifParseResult.Failure("truncated: the version 1 data block is incomplete");
        }

        if (!TryReadHeader(data, (int)secondHeader, out var v2, out error))
        {
            return TzifParseResult.Failure("second header: " + error);
        }

        long v2Length = v2.DataLength(timeSize: 8);
        long footerStart = secondHeader + HeaderLength + v2Length;
        if (footerStart > data.Length)
        {
            return TzifParseResult.Failure($"truncated: the 64-bit data block needs {v2Length} bytes but only {data.Length - secondHeader - HeaderLength} remain");
        }

        var footerResult = ReadFooter(data[(int)footerStart..]);
        if (footerResult.Error is not null)
        {
            return TzifParseResult.Failure(footerResult.Error);
        }

        int version = v2.Version >= '2' ? v2.Version - '0' : 2;
        return ParseBlock(data.Slice((int)(secondHeader + HeaderLength), (int)v2Length), v2, timeSize: 8, version, footerResult.Footer);
    }

    private static bool TryReadHeader(ReadOnlySpan<byte> data, int offset, out Header header, out string error)
    {
        header = default;
        if (data.Length - offset < HeaderLength)
        {
            error = $"truncated: a header needs {HeaderLength} bytes but only {data.Length - offset} remain";
            return false;
        }

        var h = data.Slice(offset, HeaderLength);
        if (h[0] != 'T' || h[1] != 'Z' || h[2] != 'i' || h[3] != 'f')
        {
            error = "bad magic: not a TZif file";
            return false;
        }

        // Counts are unsigned 32-bit; reading them as uint and keeping them in long arithmetic means an absurd
        // count can never overflow a size computation, it just fails the length check.
        header = new Header(
            Version: h[4],
            IsUtCount: BinaryPrimitives.ReadUInt32BigEndian(h[20..]),
            IsStdCount: BinaryPrimitives.ReadUInt32BigEndian(h[24..]),
            LeapCount: BinaryPrimitives.ReadUInt32BigEndian(h[28..]),
            TimeCount: BinaryPrimitives.ReadUInt32BigEndian(h[32..]),
            TypeCount: BinaryPrimitives.ReadUInt32BigEndian(h[36..]),
            CharCount: BinaryPrimitives.ReadUInt32BigEndian(h[40..]));

        if (header.TypeCount == 0)
        {
            error = "typecnt is zero: a TZif file needs at least one local time type";
            return false;
        }

        if (header.TypeCount > 256)
        {
            error = $"typecnt {header.TypeCount} exceeds 256: transition type indices are single bytes";
            return false;
        }

        // glibc's own rule (RFC 8536 is stricter: 0 or typecnt).
        if (header.IsStdCount > header.TypeCount || header.IsUtCount > header.TypeCount)
        {
            error = "isstdcnt or isutcnt exceeds typecnt";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static TzifParseResult ParseBlock(ReadOnlySpan<byte> block, Header header, int timeSize, int version, string? footer)
    {
        int timeCount = (int)header.TimeCount;
        int typeCount = (int)header.TypeCount;
        int charCount = (int)header.CharCount;

        var transitions = new long[timeCount];
        int pos = 0;
        for (int i = 0; i < timeCount; i++, pos += timeSize)
        {
            transitions[i] = timeSize == 8
                ? BinaryPrimitives.ReadInt64BigEndian(block[pos..])
                : BinaryPrimitives.ReadInt32BigEndian(block[pos..]);
            if (i > 0 && transitions[i] <= transitions[i - 1])
            {
                return TzifParseResult.Failure($"transition {i} ({transitions[i]}) is not after transition {i - 1} ({transitions[i - 1]})");
            }
        }

        var transitionTypes = block.Slice(pos, timeCount).ToArray();
        pos += timeCount;
        for (int i = 0; i < timeCount; i++)
        {
            if (transitionTypes[i] >= typeCount)
            {
                return TzifParseResult.Failure($"transition {i} refers to type {transitionTypes[i]} but there are only {typeCount} types");
            }
        }

        var ttinfo = block.Slice(pos, typeCount * 6);
        var chars = block.Slice(pos + (typeCount * 6), charCount);
        var types = new TzifLocalTimeType[typeCount];
        for (int i = 0; i < typeCount; i++)
        {
            var record = ttinfo.Slice(i * 6, 6);
            int utoff = BinaryPrimitives.ReadInt32BigEndian(record);
            byte isDst = record[4];
            byte abbreviationIndex = record[5];
            if (utoff == int.MinValue)
            {
                return TzifParseResult.Failure($"type {i} has the forbidden UT offset -2^31");
            }

            if (isDst > 1)
            {
                return TzifParseResult.Failure($"type {i} has isdst {isDst}; only 0 and 1 are valid");
            }

            if (abbreviationIndex >= charCount)
            {
                return TzifParseResult.Failure($"type {i} has abbreviation index {abbreviationIndex} outside the {charCount} abbreviation bytes");
            }

            types[i] = new TzifLocalTimeType(utoff, isDst == 1, ReadAbbreviation(chars[abbreviationIndex..]));
        }

        // Leap-second records and the two indicator arrays follow; their lengths were already included in the
        // block length, and the lookups glibc performs for non-"right/" zones never consult them.
        return TzifParseResult.Success(new TzifData(version, transitions, transitionTypes, types, (int)header.LeapCount, footer));
    }

    private static string ReadAbbreviation(ReadOnlySpan<byte> chars)
    {
        int end = chars.IndexOf((byte)0);
        var bytes = end < 0 ? chars : chars[..end];

        // Abbreviations are ASCII by RFC 8536; Latin-1 keeps any other byte one-to-one instead of failing.
        return Encoding.Latin1.GetString(bytes);
    }

    private static (string? Footer, string? Error) ReadFooter(ReadOnlySpan<byte> rest)
    {
        if (rest.IsEmpty)
        {
            // glibc rejects a version 2+ file with nothing after the data block.
            return (null, "truncated: the footer of a version 2+ file is missing");
        }

        if (rest[0] != '\n')
        {
            return (null, "the footer does not start with a newline");
        }

        int end = rest[1..].IndexOf((byte)'\n');
        if (end < 0)
        {
            return (null, "the footer does not end with a newline");
        }

        var text = rest.Slice(1, end);
        int nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            // glibc treats the footer as a C string.
            text = text[..nul];
        }

        return (text.IsEmpty ? null : Encoding.Latin1.GetString(text), null);
    }

    private readonly record struct Header(byte Version, uint IsUtCount, uint IsStdCount, uint LeapCount, uint TimeCount, uint TypeCount, uint CharCount)
    {
        public long DataLength(int timeSize) =>
            (TimeCount * (long)(timeSize + 1))
            + (TypeCount * 6L)
            + CharCount
            + (LeapCount * (long)(timeSize + 4))
            + IsStdCount
            + IsUtCount;
    }
}
