using System.Text;

namespace UdpSuite.Time.Strftime;

/// <summary>
/// Turns a format string into steps, reading it exactly the way glibc 2.36's <c>__strftime_internal</c>
/// (wide-character build, as Python's <c>time.strftime</c> calls it) does: flags <c>_ - 0 ^ #</c>, a decimal
/// width, one <c>E</c>/<c>O</c> modifier, then the conversion. Specs glibc rejects become verbatim text here,
/// so formatting never has to decide anything about the format again.
/// </summary>
internal static class StrftimeParser
{
    public static StrftimeStep[] Parse(string format)
    {
        var steps = new List<StrftimeStep>();
        var literal = new StringBuilder();
        int i = 0;
        while (i < format.Length)
        {
            if (format[i] != '%')
            {
                int start = i;
                while (i < format.Length && format[i] != '%')
                {
                    i++;
                }

                literal.Append(format, start, i - start);
                continue;
            }

            int specStart = i;
            char pad = '\0';
            bool upper = false;
            bool changeCase = false;
            i++;
            for (; i < format.Length; i++)
            {
                char c = format[i];
                if (c is '_' or '-' or '0')
                {
                    pad = c;
                }
                else if (c == '^')
                {
                    upper = true;
                }
                else if (c == '#')
                {
                    changeCase = true;
                }
                else
                {
                    break;
                }
            }

            int width = -1;
            if (i < format.Length && char.IsAsciiDigit(format[i]))
            {
                width = 0;
                while (i < format.Length && char.IsAsciiDigit(format[i]))
                {
                    int digit = format[i] - '0';
                    // glibc saturates at INT_MAX instead of overflowing.
                    width = width > (int.MaxValue - digit) / 10 ? int.MaxValue : (width * 10) + digit;
                    i++;
                }
            }

            char modifier = '\0';
            if (i < format.Length && format[i] is 'E' or 'O')
            {
                modifier = format[i];
                i++;
            }

            if (i >= format.Length)
            {
                // A spec cut off by the end of the format: glibc prints what there is of it.
                FlushLiteral(steps, literal);
                steps.Add(Verbatim(format.AsSpan(specStart, i - specStart), pad, upper, width));
                break;
            }

            int conversionLength = char.IsHighSurrogate(format[i]) && i + 1 < format.Length ? 2 : 1;
            char conversion = format[i];
            i += conversionLength;
            FlushLiteral(steps, literal);
            if (conversionLength == 1 && IsAccepted(conversion, modifier, pad, upper, changeCase, width))
            {
                steps.Add(new StrftimeStep
                {
                    Kind = StepKind.Conversion,
                    Conversion = conversion,
                    Pad = pad,
                    Upper = upper,
                    ChangeCase = changeCase,
                    Width = width,
                    Text = [],
                });
            }
            else
            {
                // glibc sets "upper case" for %b/%h under '#' before it rejects the E modifier.
                bool upperVerbatim = upper || (changeCase && conversion is 'b' or 'h' && modifier == 'E');
                steps.Add(Verbatim(format.AsSpan(specStart, i - specStart), pad, upperVerbatim, width));
            }
        }

        FlushLiteral(steps, literal);
        return [.. steps];
    }

    /// <summary>Whether glibc formats this conversion (true) or copies the spec verbatim (false).</summary>
    private static bool IsAccepted(char conversion, char modifier, char pad, bool upper, bool changeCase, int width) => conversion switch
    {
        '%' or 'n' or 't' or 'p' or 'P' or 'R' or 'r' or 'T' or 's' or 'u' or 'z' or 'Z' or 'C' or 'y' => true,
        'a' or 'A' or 'D' or 'F' => modifier == '\0',
        'b' or 'h' or 'B' or 'd' or 'e' or 'H' or 'I' or 'k' or 'l' or 'j' or 'M' or 'm' or 'S'
            or 'U' or 'V' or 'g' or 'G' or 'W' or 'w' => modifier != 'E',
        'c' or 'x' or 'X' => modifier != 'O',
        'Y' => modifier != 'O',
        // The one extension beyond glibc, exactly as Python's datetime.strftime spells it: bare "%f".
        'f' => modifier == '\0' && pad == '\0' && !upper && !changeCase && width < 0,
        _ => false,
    };

    private static StrftimeStep Verbatim(ReadOnlySpan<char> spec, char pad, bool upper, int width)
    {
        string text = upper ? ToUpperRunes(spec) : spec.ToString();
        return new StrftimeStep
        {
            Kind = StepKind.Verbatim,
            Pad = pad,
            Width = width,
            Text = Encoding.UTF8.GetBytes(text),
            TextCharacters = CountRunes(text),
        };
    }

    private static void FlushLiteral(List<StrftimeStep> steps, StringBuilder literal)
    {
        if (literal.Length == 0)
        {
            return;
        }

        string text = literal.ToString();
        steps.Add(new StrftimeStep
        {
            Kind = StepKind.Literal,
            Width = -1,
            Text = Encoding.UTF8.GetBytes(text),
            TextCharacters = CountRunes(text),
        });
        literal.Clear();
    }

    private static string ToUpperRunes(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (Rune rune in text.EnumerateRunes())
        {
            builder.Append(Rune.ToUpperInvariant(rune).ToString());
        }

        return builder.ToString();
    }

    private static int CountRunes(string text)
    {
        int count = 0;
        foreach (Rune unused in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
