using System.Globalization;
using System.Text;
using ADRaffy.ENSNormalize;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Protocol.Chat;

/// <summary>The outcome of <see cref="ChatNames.Check"/>: the canonical name and its uniqueness key, or why the name is refused.</summary>
/// <param name="Canonical">The name in Unicode NFC (what is stored and sent), null when refused.</param>
/// <param name="Key">The case-folded compatibility form two names must not share (<see cref="ChatNames.Key"/>), null when refused.</param>
/// <param name="Error">Why the name is refused, naming the offending character by position and code point; null when accepted.</param>
public readonly record struct NameCheck(string? Canonical, string? Key, string? Error)
{
    public bool IsValid => Error is null;
}

/// <summary>
/// The rules for a new account name, group name or display name (issue 19, item 3): the canonical form is Unicode NFC;
/// control, format (bidi controls, zero-width characters, soft hyphen), separator, private-use, unassigned and invisible
/// filler characters are refused, and so is any space but U+0020 at the ends; at most <see cref="MaxCharacters"/>
/// characters and <see cref="ChatWire.MaxUserNameBytes"/> bytes of UTF-8. Uniqueness is decided on <see cref="Key"/>,
/// so <c>alice</c>, <c>Alice</c> and <c>ａｌｉｃｅ</c> (fullwidth) are one name. Confusable skeletons (UTS #39, e.g.
/// Cyrillic <c>а</c> for Latin <c>a</c>) are not computed: no maintained .NET package offers them (docs/SECURITY.md).
/// Pure; the wire's own validity check stays <see cref="ChatUserName.IsValid"/>, so names that predate these rules still work.
/// </summary>
public static class ChatNames
{
    /// <summary>The longest name, in Unicode scalar values.</summary>
    public const int MaxCharacters = 32;

    /// <summary>Checks <paramref name="name"/> as a new <paramref name="what"/> ("user name", "group name", "display name").</summary>
    public static NameCheck Check(string? name, string what = "name")
    {
        ArgumentNullException.ThrowIfNull(what);
        if (string.IsNullOrEmpty(name))
        {
            return Refused($"a {what} cannot be empty");
        }

        string shown = Shown(name);
        if (HasUnpairedSurrogate(name))
        {
            return Refused($"{what} '{shown}' contains an unpaired surrogate (not text)");
        }

        string canonical = Composed(name);
        if (canonical.Length == 0 || canonical[0] == ' ' || canonical[^1] == ' ')
        {
            return Refused($"{what} '{shown}' starts or ends with a space");
        }

        int position = 0;
        foreach (Rune rune in canonical.EnumerateRunes())
        {
            position++;
            if (Refusal(rune) is { } reason)
            {
                return Refused(string.Create(CultureInfo.InvariantCulture,
                    $"{what} '{shown}': character {position}, U+{rune.Value:X4} ({reason}), is not allowed in a name"));
            }
        }

        if (position > MaxCharacters)
        {
            return Refused(string.Create(CultureInfo.InvariantCulture, $"{what} '{shown}' has {position} characters; at most {MaxCharacters}"));
        }

        int bytes = Encoding.UTF8.GetByteCount(canonical);
        if (bytes > ChatWire.MaxUserNameBytes)
        {
            return Refused(string.Create(CultureInfo.InvariantCulture, $"{what} '{shown}' takes {bytes} bytes of UTF-8; at most {ChatWire.MaxUserNameBytes}"));
        }

        return new NameCheck(canonical, Key(canonical), null);
    }

    /// <summary>True when <paramref name="name"/> passes <see cref="Check"/> as it is (already NFC): what a server accepts as a new name.</summary>
    public static bool IsCanonical(string? name) => Check(name) is { IsValid: true } check && string.Equals(check.Canonical, name, StringComparison.Ordinal);

    /// <summary>
    /// The key two names must not share: NFC, invariant lower case (full Unicode simple case mapping), the fullwidth
    /// forms U+FF01-FF5E folded to ASCII, then NFC again. Defined for every wire-valid name, also those that predate
    /// <see cref="Check"/>. Not folded: other compatibility forms (ligatures, superscripts; .NET offers NFKC only with
    /// ICU, and the suite runs with invariant globalization) and confusables across scripts (UTS #39).
    /// </summary>
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (HasUnpairedSurrogate(name))
        {
            return name.ToLowerInvariant();
        }

        var folded = new StringBuilder(Composed(name).ToLowerInvariant());
        for (int i = 0; i < folded.Length; i++)
        {
            if (folded[i] is >= '\uFF01' and <= '\uFF5E')
            {
                folded[i] = (char)(folded[i] - 0xFF01 + 0x21);
            }
        }

        return Composed(folded.ToString().ToLowerInvariant());
    }

    /// <summary>
    /// <paramref name="text"/> in Unicode NFC, by ADRaffy.ENSNormalize (checked against the Unicode normalization tests):
    /// with invariant globalization, which this suite runs with, <see cref="string.Normalize()"/> returns its input unchanged.
    /// </summary>
    public static string Composed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ENSNormalize.NF.NFC(text);
    }

    private static NameCheck Refused(string error) => new(null, null, error);

    private static bool HasUnpairedSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name for an error message: every refused character, and whatever a terminal would act on, as <c>\uHHHH</c>.</summary>
    private static string Shown(string name)
    {
        var shown = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            if (Rune.TryGetRuneAt(name, i, out Rune rune) && Refusal(rune) is null)
            {
                shown.Append(TerminalText.Neutralise(rune.ToString()));
                i += rune.Utf16SequenceLength - 1;
            }
            else
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)name[i]:x4}");
            }
        }

        return shown.ToString();
    }

    /// <summary>Why <paramref name="rune"/> may not be in a name, or null when it may.</summary>
    private static string? Refusal(Rune rune)
    {
        if (Named(rune.Value) is { } named)
        {
            return named;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control => "a control character",
            UnicodeCategory.Format => "an invisible format character",
            UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => "a line or paragraph separator",
            UnicodeCategory.SpaceSeparator when rune.Value != ' ' => "a space other than U+0020",
            UnicodeCategory.PrivateUse => "a private-use character",
            UnicodeCategory.OtherNotAssigned => "an unassigned code point",
            UnicodeCategory.Surrogate => "an unpaired surrogate",
            _ when rune == Rune.ReplacementChar => "REPLACEMENT CHARACTER, what remains of undecodable bytes",
            _ => null,
        };
    }

    /// <summary>The characters most used to make names look alike or read backwards, by their Unicode names.</summary>
    private static string? Named(int codePoint) => codePoint switch
    {
        0x1B => "ESCAPE",
        0xA0 => "NO-BREAK SPACE",
        0xAD => "SOFT HYPHEN",
        0x34F => "COMBINING GRAPHEME JOINER, invisible",
        0x61C => "ARABIC LETTER MARK, a bidi control",
        0x115F => "HANGUL CHOSEONG FILLER, invisible",
        0x1160 => "HANGUL JUNGSEONG FILLER, invisible",
        0x180E => "MONGOLIAN VOWEL SEPARATOR, invisible",
        0x200B => "ZERO WIDTH SPACE",
        0x200C => "ZERO WIDTH NON-JOINER",
        0x200D => "ZERO WIDTH JOINER",
        0x200E => "LEFT-TO-RIGHT MARK, a bidi control",
        0x200F => "RIGHT-TO-LEFT MARK, a bidi control",
        0x202A => "LEFT-TO-RIGHT EMBEDDING, a bidi control",
        0x202B => "RIGHT-TO-LEFT EMBEDDING, a bidi control",
        0x202C => "POP DIRECTIONAL FORMATTING, a bidi control",
        0x202D => "LEFT-TO-RIGHT OVERRIDE, a bidi control",
        0x202E => "RIGHT-TO-LEFT OVERRIDE, a bidi control",
        0x2060 => "WORD JOINER, invisible",
        0x2066 => "LEFT-TO-RIGHT ISOLATE, a bidi control",
        0x2067 => "RIGHT-TO-LEFT ISOLATE, a bidi control",
        0x2068 => "FIRST STRONG ISOLATE, a bidi control",
        0x2069 => "POP DIRECTIONAL ISOLATE, a bidi control",
        0x2800 => "BRAILLE PATTERN BLANK, invisible",
        0x3000 => "IDEOGRAPHIC SPACE",
        0x3164 => "HANGUL FILLER, invisible",
        0xFEFF => "ZERO WIDTH NO-BREAK SPACE",
        0xFFA0 => "HALFWIDTH HANGUL FILLER, invisible",
        _ => null,
    };
}
