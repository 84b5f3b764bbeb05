using System.Text;

namespace UdpSuite.Time.Strftime;

/// <summary>
/// Executes compiled steps against one <see cref="BrokenDownTime"/>, reproducing glibc's conversions,
/// number padding (<c>do_number</c> / <c>do_number_sign_and_padding</c>) and case flags in the C locale.
/// </summary>
internal static class StrftimeRenderer
{
    private static readonly StrftimeStep[] DateTimeSteps = StrftimeParser.Parse(CLocale.DateTimeFormat);
    private static readonly StrftimeStep[] DateSteps = StrftimeParser.Parse(CLocale.DateFormat);
    private static readonly StrftimeStep[] TimeSteps = StrftimeParser.Parse(CLocale.TimeFormat);
    private static readonly StrftimeStep[] TwelveHourSteps = StrftimeParser.Parse(CLocale.TwelveHourTimeFormat);
    private static readonly StrftimeStep[] SlashDateSteps = StrftimeParser.Parse("%m/%d/%y");
    private static readonly StrftimeStep[] IsoDateSteps = StrftimeParser.Parse("%Y-%m-%d");
    private static readonly StrftimeStep[] HourMinuteSteps = StrftimeParser.Parse("%H:%M");

    public static void Render(ReadOnlySpan<StrftimeStep> steps, in BrokenDownTime time, ref StrftimeWriter writer)
    {
        foreach (ref readonly StrftimeStep step in steps)
        {
            switch (step.Kind)
            {
                case StepKind.Literal:
                    writer.Write(step.Text);
                    break;
                case StepKind.Verbatim:
                    writer.Add(step.Text, step.TextCharacters, step.Width, step.Pad);
                    break;
                default:
                    RenderConversion(in step, in time, ref writer);
                    break;
            }
        }
    }

    private static void RenderConversion(in StrftimeStep step, in BrokenDownTime time, ref StrftimeWriter writer)
    {
        int width = step.Width;
        char pad = step.Pad;
        switch (step.Conversion)
        {
            case '%':
                writer.Add("%"u8, 1, width, pad);
                break;
            case 'n':
                writer.Add("\n"u8, 1, width, pad);
                break;
            case 't':
                writer.Add("\t"u8, 1, width, pad);
                break;
            case 'a':
                AddName(ref writer, CLocale.AbbreviatedWeekdays[time.DayOfWeek], in step);
                break;
            case 'A':
                AddName(ref writer, CLocale.Weekdays[time.DayOfWeek], in step);
                break;
            case 'b':
            case 'h':
                AddName(ref writer, CLocale.AbbreviatedMonths[time.Month - 1], in step);
                break;
            case 'B':
                AddName(ref writer, CLocale.Months[time.Month - 1], in step);
                break;
            case 'p':
            case 'P':
                byte[] ampm = time.Hour > 11 ? CLocale.Pm : CLocale.Am;
                CaseMapping ampmCase = step.Conversion == 'P' || step.ChangeCase ? CaseMapping.Lower
                    : step.Upper ? CaseMapping.Upper : CaseMapping.None;
                writer.Add(ampm, ampm.Length, width, pad, ampmCase);
                break;
            case 'Z':
                AddZone(ref writer, time.ZoneAbbreviation, in step);
                break;
            case 'c':
                AddSubformat(ref writer, DateTimeSteps, in time, in step);
                break;
            case 'x':
                AddSubformat(ref writer, DateSteps, in time, in step);
                break;
            case 'X':
                AddSubformat(ref writer, TimeSteps, in time, in step);
                break;
            case 'D':
                AddSubformat(ref writer, SlashDateSteps, in time, in step);
                break;
            case 'F':
                AddSubformat(ref writer, IsoDateSteps, in time, in step);
                break;
            case 'R':
                AddSubformat(ref writer, HourMinuteSteps, in time, in step);
                break;
            case 'r':
                AddSubformat(ref writer, TwelveHourSteps, in time, in step);
                break;
            case 'T':
                AddSubformat(ref writer, TimeSteps, in time, in step);
                break;
            case 'z':
                AddUtcOffset(ref writer, time.UtcOffsetSeconds, width, pad);
                break;
            case 'f':
                AddMicroseconds(ref writer, time.Microsecond);
                break;
            case 's':
                // glibc gives %s a minimum of one digit whatever the width; the width then pads the whole field.
                AddNumber(ref writer, 1, time.EpochSeconds, width, pad);
                break;
            default:
                RenderNumericConversion(in step, in time, ref writer);
                break;
        }
    }

    private static void RenderNumericConversion(in StrftimeStep step, in BrokenDownTime time, ref StrftimeWriter writer)
    {
        int hour12 = time.Hour > 12 ? time.Hour - 12 : time.Hour == 0 ? 12 : time.Hour;
        int wday = time.DayOfWeek;
        int yday = time.DayOfYear;
        switch (step.Conversion)
        {
            case 'C':
                DoNumber(ref writer, in step, 1, (time.Year / 100) - (time.Year % 100 < 0 ? 1 : 0));
                break;
            case 'd':
                DoNumber(ref writer, in step, 2, time.Day);
                break;
            case 'e':
                DoNumberSpacePadded(ref writer, in step, 2, time.Day);
                break;
            case 'H':
                DoNumber(ref writer, in step, 2, time.Hour);
                break;
            case 'I':
                DoNumber(ref writer, in step, 2, hour12);
                break;
            case 'k':
                DoNumberSpacePadded(ref writer, in step, 2, time.Hour);
                break;
            case 'l':
                DoNumberSpacePadded(ref writer, in step, 2, hour12);
                break;
            case 'j':
                DoNumber(ref writer, in step, 3, yday + 1);
                break;
            case 'M':
                DoNumber(ref writer, in step, 2, time.Minute);
                break;
            case 'm':
                DoNumber(ref writer, in step, 2, time.Month);
                break;
            case 'S':
                DoNumber(ref writer, in step, 2, time.Second);
                break;
            case 'u':
                DoNumber(ref writer, in step, 1, ((wday - 1 + 7) % 7) + 1);
                break;
            case 'U':
                DoNumber(ref writer, in step, 2, (yday - wday + 7) / 7);
                break;
            case 'W':
                DoNumber(ref writer, in step, 2, (yday - ((wday - 1 + 7) % 7) + 7) / 7);
                break;
            case 'w':
                DoNumber(ref writer, in step, 1, wday);
                break;
            case 'Y':
                DoNumber(ref writer, in step, 1, time.Year);
                break;
            case 'y':
                DoNumber(ref writer, in step, 2, ((time.Year % 100) + 100) % 100);
                break;
            default:
                RenderIsoWeekConversion(in step, in time, ref writer);
                break;
        }
    }

    /// <summary><c>%G</c>, <c>%g</c>, <c>%V</c>: ISO 8601 week-based year and week, by glibc's <c>iso_week_days</c>.</summary>
    private static void RenderIsoWeekConversion(in StrftimeStep step, in BrokenDownTime time, ref StrftimeWriter writer)
    {
        int year = time.Year;
        int days = IsoWeekDays(time.DayOfYear, time.DayOfWeek);
        if (days < 0)
        {
            year--;
            days = IsoWeekDays(time.DayOfYear + 365 + (CivilCalendar.IsLeapYear(year) ? 1 : 0), time.DayOfWeek);
        }
        else
        {
            int next = IsoWeekDays(time.DayOfYear - (365 + (CivilCalendar.IsLeapYear(year) ? 1 : 0)), time.DayOfWeek);
            if (next >= 0)
            {
                year++;
                days = next;
            }
        }

        switch (step.Conversion)
        {
            case 'g':
                DoNumber(ref writer, in step, 2, ((year % 100) + 100) % 100);
                break;
            case 'G':
                DoNumber(ref writer, in step, 1, year);
                break;
            default:
                DoNumber(ref writer, in step, 2, (days / 7) + 1);
                break;
        }
    }

    /// <summary>Days from the first day (Monday) of the ISO week-year's first week to day <paramref name="yday"/>.</summary>
    private static int IsoWeekDays(int yday, int wday)
    {
        const int BigEnoughMultipleOf7 = ((366 / 7) + 2) * 7;
        return yday - ((yday - wday + 4 + BigEnoughMultipleOf7) % 7) + 4 - 1;
    }

    private static void AddName(ref StrftimeWriter writer, byte[] name, in StrftimeStep step) =>
        writer.Add(name, name.Length, step.Width, step.Pad, step.Upper || step.ChangeCase ? CaseMapping.Upper : CaseMapping.None);

    private static void AddZone(ref StrftimeWriter writer, string abbreviation, in StrftimeStep step)
    {
        CaseMapping mapping = step.ChangeCase ? CaseMapping.Lower : step.Upper ? CaseMapping.Upper : CaseMapping.None;
        Span<byte> buffer = stackalloc byte[32];
        int count = Encoding.UTF8.GetByteCount(abbreviation);
        Span<byte> bytes = count <= buffer.Length ? buffer[..count] : new byte[count];
        Encoding.UTF8.GetBytes(abbreviation, bytes);
        writer.Add(bytes, abbreviation.Length, step.Width, step.Pad, mapping);
    }

    private static void AddSubformat(ref StrftimeWriter writer, StrftimeStep[] subformat, in BrokenDownTime time, in StrftimeStep step)
    {
        // glibc formats the sub-format on its own (no flags inherited), then pads the whole result to the width.
        Span<byte> buffer = stackalloc byte[64];
        var inner = new StrftimeWriter(buffer);
        Render(subformat, in time, ref inner);
        int length = (int)inner.Length;
        long start = writer.Length;
        writer.Add(buffer[..length], length, step.Width, step.Pad);
        if (step.Upper)
        {
            writer.UpperSince(start);
        }
    }

    private static void AddUtcOffset(ref StrftimeWriter writer, int offsetSeconds, int width, char pad)
    {
        int magnitude = Math.Abs(offsetSeconds);
        writer.Add(offsetSeconds < 0 ? "-"u8 : "+"u8, 1, width, pad);
        int minutes = magnitude / 60;
        AddNumber(ref writer, Math.Max(4, width), ((minutes / 60) * 100) + (minutes % 60), width, pad);
    }

    private static void AddMicroseconds(ref StrftimeWriter writer, int microsecond)
    {
        Span<byte> digits = stackalloc byte[6];
        for (int k = 5; k >= 0; k--)
        {
            digits[k] = (byte)('0' + (microsecond % 10));
            microsecond /= 10;
        }

        writer.Write(digits);
    }

    private static void DoNumber(ref StrftimeWriter writer, in StrftimeStep step, int minimumDigits, long value) =>
        AddNumber(ref writer, Math.Max(minimumDigits, step.Width), value, step.Width, step.Pad);

    /// <summary>glibc's <c>DO_NUMBER_SPACEPAD</c>: pad with spaces unless the <c>0</c> or <c>-</c> flag says otherwise.</summary>
    private static void DoNumberSpacePadded(ref StrftimeWriter writer, in StrftimeStep step, int minimumDigits, long value)
    {
        char pad = step.Pad is '0' or '-' ? step.Pad : '_';
        AddNumber(ref writer, Math.Max(minimumDigits, step.Width), value, step.Width, pad);
    }

    /// <summary>glibc's <c>do_number_sign_and_padding</c>: pad the digits to <paramref name="digits"/>, then to the width.</summary>
    private static void AddNumber(ref StrftimeWriter writer, int digits, long value, int width, char pad)
    {
        Span<byte> buffer = stackalloc byte[24];
        int start = buffer.Length;
        bool negative = value < 0;
        ulong magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        do
        {
            buffer[--start] = (byte)('0' + (int)(magnitude % 10));
            magnitude /= 10;
        }
        while (magnitude != 0);

        if (negative)
        {
            buffer[--start] = (byte)'-';
        }

        if (pad != '-')
        {
            long padding = (long)digits - (buffer.Length - start);
            if (padding > 0)
            {
                if (pad == '_')
                {
                    writer.Fill((byte)' ', padding);
                    width = width > padding ? (int)(width - padding) : 0;
                }
                else
                {
                    if (negative)
                    {
                        writer.Write("-"u8);
                        start++;
                    }

                    writer.Fill((byte)'0', padding);
                    width = 0;
                }
            }
        }

        writer.Add(buffer[start..], buffer.Length - start, width, pad);
    }
}
