using System.Globalization;
using System.Text;

namespace UdpSuite.Protocol.Text;

/// <summary>Whether <see cref="TerminalText.Neutralise"/> keeps line feeds (a view that lays out multi-line text itself) or shows them.</summary>
public enum TerminalLines
{
    /// <summary>Every character that could end or start a line is shown as an escape: the text stays on one line.</summary>
    OneLine,

    /// <summary>Line feeds (U+000A) are kept; everything else is treated as in <see cref="OneLine"/>.</summary>
    Multi,
}

/// <summary>
/// Makes text that came from another user safe to print on a terminal or draw in a terminal UI: C0 and C1 control
/// characters (ESC and with it every escape sequence, CR, BEL, backspace, tab) and DEL are shown as <c>\xHH</c>;
/// the bidirectional controls (U+061C, U+200E-200F, U+202A-202E, U+2066-2069), the line and paragraph separators
/// (U+2028-2029) and unpaired surrogates are shown as <c>\uHHHH</c>. Everything else, including emoji sequences
/// with zero-width joiners, passes unchanged.
/// </summary>
/// <remarks>
/// Why <c>\x1b</c> rather than the control pictures (U+241B ␛): the escape is plain ASCII, so it shows in every font
/// and terminal (many console fonts lack the control pictures), it names the exact code point that arrived, it reads
/// like the same character in the <c>--json</c> output, and a sender cannot imitate a neutralised control with an
/// ordinary character that looks like it (U+241B is itself ordinary text). The result is a display form, not an
/// encoding: a backslash the sender typed stays a backslash, so the exact text is what the JSON outputs carry.
/// Pure: no I/O, no allocation when the text is already safe.
/// </remarks>
public static class TerminalText
{
    /// <summary><paramref name="text"/> with every unsafe character shown as an escape (see the type's summary).</summary>
    public static string Neutralise(string? text, TerminalLines lines = TerminalLines.OneLine)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        int first = FirstUnsafe(text, 0, lines);
        if (first < 0)
        {
            return text;
        }

        var safe = new StringBuilder(text.Length + 16);
        safe.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe.Append(c).Append(text[++i]);
            }
            else if (!IsUnsafe(text, i, lines))
            {
                safe.Append(c);
            }
            else if (c <= '\u00ff')
            {
                safe.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                safe.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return safe.ToString();
    }

    /// <summary>True when <see cref="Neutralise"/> would change <paramref name="text"/>.</summary>
    public static bool NeedsNeutralising(string? text, TerminalLines lines = TerminalLines.OneLine) =>
        !string.IsNullOrEmpty(text) && FirstUnsafe(text, 0, lines) >= 0;

    /// <summary>True for a bidirectional formatting control: the embeddings, overrides and isolates, and the marks LRM, RLM, ALM.</summary>
    public static bool IsBidiControl(int codePoint) =>
        codePoint is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    private static int FirstUnsafe(string text, int start, TerminalLines lines)
    {
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++; // a well-formed pair: a character outside the BMP, none of which is a control
                continue;
            }

            if (IsUnsafe(text, i, lines))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The character at <paramref name="index"/> (not the first half of a valid surrogate pair) must be shown as an escape.</summary>
    private static bool IsUnsafe(string text, int index, TerminalLines lines)
    {
        char c = text[index];
        return c switch
        {
            '\n' => lines == TerminalLines.OneLine,
            < ' ' or (>= '\u007f' and <= '\u009f') => true, // C0 (ESC, CR, BEL, BS, TAB, ...), DEL, C1 (CSI, OSC, ...)
            '\u2028' or '\u2029' => true, // line and paragraph separators: some terminals and views break lines on them
            _ when char.IsSurrogate(c) => true, // unpaired: the pair case never reaches here
            _ => IsBidiControl(c),
        };
    }
}
