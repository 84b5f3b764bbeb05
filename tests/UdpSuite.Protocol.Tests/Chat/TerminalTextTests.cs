using UdpSuite.Protocol.Text;

namespace UdpSuite.Protocol.Tests.Chat;

/// <summary>Issue 19, item 5: the one neutraliser every shell uses before it prints remote text.</summary>
public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("\u001b[2J", @"\x1b[2J")]
    [InlineData("\u001b]0;title\u0007", @"\x1b]0;title\x07")]
    [InlineData("a\rb\bc\td\u007f", @"a\x0db\x08c\x09d\x7f")]
    [InlineData("csi\u009b31m osc\u009d", @"csi\x9b31m osc\x9d")]
    [InlineData("abc\u202edef", @"abc\u202edef")]
    [InlineData("\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d", @"\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d")]
    [InlineData("line\u2028sep\u2029", @"line\u2028sep\u2029")]
    [InlineData("one\ntwo", @"one\x0atwo")]
    public void Unsafe_characters_are_shown_as_escapes(string text, string shown) =>
        Assert.Equal(shown, TerminalText.Neutralise(text));

    [Fact]
    public void Multi_line_keeps_line_feeds_and_nothing_else()
    {
        Assert.Equal("one\ntwo\\x0d\\x1b[1A", TerminalText.Neutralise("one\ntwo\r\u001b[1A", TerminalLines.Multi));
    }

    [Theory]
    [InlineData("狗哥alex")]
    [InlineData("👩‍👩‍👧 family")] // zero-width joiners inside an emoji sequence are not controls
    [InlineData("עברית and العربية")] // right-to-left text itself is fine: only the invisible controls are marked
    [InlineData("C:\\path\\x1b")]
    [InlineData("")]
    public void Safe_text_is_returned_unchanged(string text)
    {
        Assert.Same(text, TerminalText.Neutralise(text));
        Assert.False(TerminalText.NeedsNeutralising(text));
    }

    [Fact]
    public void An_unpaired_surrogate_is_shown_and_a_pair_kept()
    {
        // Built at run time: attribute data cannot hold an unpaired surrogate.
        string text = "lone" + (char)0xD800 + "x 🍞";
        Assert.Equal(@"lone\ud800x 🍞", TerminalText.Neutralise(text));
    }

    [Fact]
    public void Null_is_empty() => Assert.Equal(string.Empty, TerminalText.Neutralise(null));
}
