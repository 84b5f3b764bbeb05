using NodaTime;

namespace UdpSuite.Protocol.Daytime;

/// <summary>
/// RFC 867 Daytime reply text: one ASCII line ending in CRLF, in the form RFC 867 suggests,
/// <c>Weekday, Month Day, Year HH:MM:SS-ZONE</c> (e.g. <c>Tuesday, November 24, 2026 01:02:03-UTC</c>).
/// The longest such line is 39 bytes plus the zone; when that would exceed the caller's limit the reply
/// falls back to the ISO 8601 form <c>2026-11-24T01:02:03+00:00</c> (27 bytes with CRLF), which fits the 56 bytes
/// an empty request allows under the amplification rule.
/// </summary>
public static class DaytimeText
{
    /// <summary>Length of the ISO fallback line, the shortest reply this type writes.</summary>
    public const int ShortFormLength = 27;

    /// <summary>Longest zone abbreviation used verbatim; longer or non-ASCII ones are written as a numeric offset.</summary>
    public const int MaxAbbreviationLength = 8;

    private static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>
    /// Writes the daytime line for <paramref name="instant"/> seen at <paramref name="offset"/> with zone abbreviation
    /// <paramref name="abbreviation"/> into <paramref name="destination"/>, using at most <paramref name="maxLength"/> bytes.
    /// Returns the byte count, or 0 when even the short form does not fit (the caller then drops the request).
    /// </summary>
    public static int Write(Instant instant, Offset offset, string? abbreviation, Span<byte> destination, int maxLength)
    {
        int limit = Math.Min(maxLength, destination.Length);
        LocalDateTime local = instant.WithOffset(offset).LocalDateTime;
        int longLength = LongFormLength(local, offset, abbreviation);
        if (longLength <= limit)
        {
            return WriteLongForm(local, offset, abbreviation, destination);
        }

        return ShortFormLength <= limit ? WriteShortForm(local, offset, destination) : 0;
    }

    private static bool IsUsableAbbreviation(string? abbreviation)
    {
        if (string.IsNullOrEmpty(abbreviation) || abbreviation.Length > MaxAbbreviationLength)
        {
            return false;
        }

        foreach (char c in abbreviation)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static int LongFormLength(LocalDateTime local, Offset offset, string? abbreviation)
    {
        int zoneLength = IsUsableAbbreviation(abbreviation) ? abbreviation!.Length : NumericOffsetLength(offset);
        // "Day, Month D, YYYY HH:MM:SS-" + zone + CRLF
        return DayNames[(int)local.DayOfWeek - 1].Length + 2 + MonthNames[local.Month - 1].Length + 1
            + DigitCount(local.Day) + 2 + 4 + 1 + 8 + 1 + zoneLength + 2;
    }

    private static int WriteLongForm(LocalDateTime local, Offset offset, string? abbreviation, Span<byte> destination)
    {
        int position = 0;
        position += WriteAscii(DayNames[(int)local.DayOfWeek - 1], destination[position..]);
        position += WriteAscii(", ", destination[position..]);
        position += WriteAscii(MonthNames[local.Month - 1], destination[position..]);
        destination[position++] = (byte)' ';
        position += WriteNumber(local.Day, DigitCount(local.Day), destination[position..]);
        position += WriteAscii(", ", destination[position..]);
        position += WriteNumber(local.Year, 4, destination[position..]);
        destination[position++] = (byte)' ';
        position += WriteClock(local, destination[position..]);
        destination[position++] = (byte)'-';
        position += IsUsableAbbreviation(abbreviation)
            ? WriteAscii(abbreviation!, destination[position..])
            : WriteNumericOffset(offset, compact: true, destination[position..]);
        destination[position++] = (byte)'\r';
        destination[position++] = (byte)'\n';
        return position;
    }

    private static int WriteShortForm(LocalDateTime local, Offset offset, Span<byte> destination)
    {
        int position = WriteNumber(local.Year, 4, destination);
        destination[position++] = (byte)'-';
        position += WriteNumber(local.Month, 2, destination[position..]);
        destination[position++] = (byte)'-';
        position += WriteNumber(local.Day, 2, destination[position..]);
        destination[position++] = (byte)'T';
        position += WriteClock(local, destination[position..]);
        position += WriteNumericOffset(offset, compact: false, destination[position..]);
        destination[position++] = (byte)'\r';
        destination[position++] = (byte)'\n';
        return position;
    }

    private static int WriteClock(LocalDateTime local, Span<byte> destination)
    {
        WriteNumber(local.Hour, 2, destination);
        destination[2] = (byte)':';
        WriteNumber(local.Minute, 2, destination[3..]);
        destination[5] = (byte)':';
        WriteNumber(local.Second, 2, destination[6..]);
        return 8;
    }

    private static int NumericOffsetLength(Offset offset) => offset.Seconds % 60 == 0 ? 5 : 7;

    private static int WriteNumericOffset(Offset offset, bool compact, Span<byte> destination)
    {
        int total = offset.Seconds;
        destination[0] = total < 0 ? (byte)'-' : (byte)'+';
        total = Math.Abs(total);
        int position = 1;
        position += WriteNumber(total / 3600, 2, destination[position..]);
        if (!compact)
        {
            destination[position++] = (byte)':';
        }

        position += WriteNumber(total / 60 % 60, 2, destination[position..]);
        if (compact && total % 60 != 0)
        {
            position += WriteNumber(total % 60, 2, destination[position..]);
        }

        return position;
    }

    private static int WriteAscii(string text, Span<byte> destination)
    {
        for (int i = 0; i < text.Length; i++)
        {
            destination[i] = (byte)text[i];
        }

        return text.Length;
    }

    private static int WriteNumber(int value, int digits, Span<byte> destination)
    {
        for (int i = digits - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        return digits;
    }

    private static int DigitCount(int value) => value < 10 ? 1 : 2;
}
