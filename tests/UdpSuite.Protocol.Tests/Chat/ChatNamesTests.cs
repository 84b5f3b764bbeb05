using UdpSuite.Protocol.Chat;

namespace UdpSuite.Protocol.Tests.Chat;

/// <summary>Issue 19, item 3: one canonical form for account, group and display names.</summary>
public sealed class ChatNamesTests
{
    [Theory]
    [InlineData("ali\u200Bce", "character 4, U+200B (ZERO WIDTH SPACE)")]
    [InlineData("evil\u202Etxt", "character 5, U+202E (RIGHT-TO-LEFT OVERRIDE, a bidi control)")]
    [InlineData("a\u200Db", "character 2, U+200D (ZERO WIDTH JOINER)")]
    [InlineData("x\uFEFF", "character 2, U+FEFF (ZERO WIDTH NO-BREAK SPACE)")]
    [InlineData("a\u00A0b", "character 2, U+00A0 (NO-BREAK SPACE)")]
    [InlineData("a\u2003b", "character 2, U+2003 (a space other than U+0020)")]
    [InlineData("a\u0007b", "character 2, U+0007 (a control character)")]
    [InlineData("a\uE000b", "character 2, U+E000 (a private-use character)")]
    [InlineData("\u3164", "character 1, U+3164 (HANGUL FILLER, invisible)")]
    public void Invisible_bidi_and_control_characters_are_refused_by_position_and_code_point(string name, string expected)
    {
        NameCheck check = ChatNames.Check(name, "user name");

        Assert.False(check.IsValid);
        Assert.Contains(expected, check.Error, StringComparison.Ordinal);
        Assert.StartsWith("user name '", check.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(check.Error!, c => c is '\u202E' or '\u0007' or '\u200B'); // the message itself is safe to print
    }

    [Fact]
    public void The_canonical_form_is_NFC()
    {
        NameCheck check = ChatNames.Check("e\u0301ve");

        Assert.True(check.IsValid);
        Assert.Equal("\u00E9ve", check.Canonical);
    }

    [Fact]
    public void Composed_is_NFC_even_with_invariant_globalization()
    {
        Assert.Equal("\u00E9ve", ChatNames.Composed("e\u0301ve"));
    }

    [Theory]
    [InlineData("alice", "Alice")]
    [InlineData("alice", "ALICE")]
    [InlineData("alice", "ａｌｉｃｅ")]
    [InlineData("\u00E9ve", "E\u0301VE")]
    public void Names_that_differ_in_case_or_compatibility_form_share_a_key(string one, string other) =>
        Assert.Equal(ChatNames.Key(one), ChatNames.Key(other));

    [Theory]
    [InlineData("alice", "alicé")]
    [InlineData("狗哥alex", "狗哥alexx")]
    public void Different_names_have_different_keys(string one, string other) =>
        Assert.NotEqual(ChatNames.Key(one), ChatNames.Key(other));

    [Fact]
    public void Limits_are_in_characters_and_in_bytes()
    {
        Assert.True(ChatNames.Check(new string('a', ChatNames.MaxCharacters)).IsValid);
        Assert.Contains("33 characters; at most 32", ChatNames.Check(new string('a', 33)).Error, StringComparison.Ordinal);
        Assert.Contains("66 bytes of UTF-8; at most 64", ChatNames.Check(new string('狗', 22)).Error, StringComparison.Ordinal);
        Assert.True(ChatNames.Check(new string('狗', 21)).IsValid);
    }

    [Theory]
    [InlineData("", "cannot be empty")]
    [InlineData(" bob", "starts or ends with a space")]
    [InlineData("bob ", "starts or ends with a space")]
    public void Empty_names_and_surrounding_spaces_are_refused(string name, string expected) =>
        Assert.Contains(expected, ChatNames.Check(name).Error, StringComparison.Ordinal);

    [Fact]
    public void An_unpaired_surrogate_is_refused()
    {
        string name = "a" + (char)0xD800;
        Assert.Contains("unpaired surrogate", ChatNames.Check(name).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("狗哥alex")]
    [InlineData("Ünïcödé")]
    [InlineData("bob smith")]
    [InlineData("עברית")]
    [InlineData("O'Brien-2")]
    public void Ordinary_names_are_accepted_unchanged(string name)
    {
        NameCheck check = ChatNames.Check(name);
        Assert.True(check.IsValid, check.Error);
        Assert.Equal(name, check.Canonical);
    }
}
