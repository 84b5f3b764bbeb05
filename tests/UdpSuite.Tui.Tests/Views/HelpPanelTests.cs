using UdpSuite.Tui.Text;
using UdpSuite.Tui.Views;

namespace UdpSuite.Tui.Tests.Views;

public sealed class HelpPanelTests
{
    /// <summary>At 80 columns (a 54-column panel beside the contacts) and narrower, nothing is cut: every word of every action is there.</summary>
    [Theory]
    [InlineData(54)]
    [InlineData(40)]
    [InlineData(118)]
    public void Every_key_and_every_word_of_its_action_fit_the_width(int width)
    {
        IReadOnlyList<string> lines = HelpPanel.Lines(width);

        Assert.All(lines, line => Assert.True(TextWrapper.Columns(line) <= width, $"{TextWrapper.Columns(line)} > {width}: {line}"));
        string all = string.Join(' ', lines.Select(l => l.Trim()));
        foreach ((string keys, string action) in KeyMap.All)
        {
            Assert.Contains(keys, all, StringComparison.Ordinal);
            Assert.All(action.Split(' ', StringSplitOptions.RemoveEmptyEntries), word => Assert.Contains(word, all, StringComparison.Ordinal));
        }
    }
}
