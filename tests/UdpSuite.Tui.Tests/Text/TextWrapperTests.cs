using UdpSuite.Tui.Text;

namespace UdpSuite.Tui.Tests.Text;

public sealed class TextWrapperTests
{
    [Theory]
    [InlineData("abc", 3)]
    [InlineData("一棵树", 6)]
    [InlineData("狗哥alex", 8)]
    [InlineData("😀", 2)]
    [InlineData("e\u0301", 1)]
    public void Columns_count_wide_and_combining_characters(string text, int columns) =>
        Assert.Equal(columns, TextWrapper.Columns(text));

    [Fact]
    public void Breaks_after_a_space_when_it_can()
    {
        Assert.Equal(["hello world", "again"], TextWrapper.Wrap("hello world again", 12));
        Assert.Equal(["hello", "world", "again"], TextWrapper.Wrap("hello world again", 10));
    }

    [Fact]
    public void Never_splits_a_wide_character_across_the_edge()
    {
        IReadOnlyList<string> lines = TextWrapper.Wrap("一棵树武大郎", 5);

        Assert.Equal(["一棵", "树武", "大郎"], lines);
    }

    [Fact]
    public void Keeps_emoji_sequences_whole()
    {
        string family = "👨\u200D👩\u200D👧";
        IReadOnlyList<string> lines = TextWrapper.Wrap("ab" + family + family, 4);

        Assert.Equal(["ab" + family, family], lines);
    }

    [Fact]
    public void Newlines_start_new_lines()
    {
        Assert.Equal(["a", "", "b"], TextWrapper.Wrap("a\n\nb", 10));
    }
}
