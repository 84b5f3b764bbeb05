using System.Text;

namespace UdpSuite.Tui.Input;

/// <summary>
/// Turns the bytes read from the terminal into the characters Terminal.Gui's ANSI parser expects, fixing two faults of
/// Terminal.Gui 2.5.0's own reading (README, "Terminal input workarounds"):
/// <list type="bullet">
/// <item>It decodes each read (256 bytes) on its own, so a UTF-8 character cut by a read boundary became U+FFFD and
/// long CJK pastes lost characters. This decoder keeps the cut bytes and completes the character with the next read.</item>
/// <item>Alt+Enter reaches an application as ESC CR (tmux, xterm): the parser takes the CR for the start of an escape
/// sequence, waits for its final letter and drops everything up to it, so the text typed right after Alt+Enter was
/// lost. ESC CR and ESC LF become the unambiguous CSI-u form of Alt+Enter, ESC [ 13 ; 3 u, which the parser reads at once.</item>
/// </list>
/// One instance per input stream; not thread-safe (the input thread alone reads).
/// </summary>
internal sealed class TerminalInputDecoder
{
    /// <summary>Alt+Enter as the kitty keyboard protocol writes it (key 13, modifiers 1 + Alt 2).</summary>
    public const string AltEnterSequence = "\u001b[13;3u";

    private readonly Decoder _utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private char[] _chars = new char[512];

    /// <summary>The characters of <paramref name="bytes"/>; bytes of a character that is not complete yet are kept for the next call.</summary>
    public string Decode(ReadOnlySpan<byte> bytes)
    {
        int needed = _utf8.GetCharCount(bytes, flush: false);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        int count = _utf8.GetChars(bytes, _chars, flush: false);
        var text = new StringBuilder(count + 8);
        bool afterEscape = false;
        for (int i = 0; i < count; i++)
        {
            char c = _chars[i];
            if (afterEscape && c is '\r' or '\n')
            {
                // Only within one read: terminals write ESC CR at once, and an ESC from an earlier read may have gone out as Esc already.
                text.Length--;
                text.Append(AltEnterSequence);
                afterEscape = false;
                continue;
            }

            afterEscape = c == '\u001b' && !afterEscape;
            text.Append(c);
        }

        return text.ToString();
    }
}
