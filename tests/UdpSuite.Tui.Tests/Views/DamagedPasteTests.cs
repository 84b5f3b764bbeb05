using Terminal.Gui.Input;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>
/// Terminal.Gui 2.5 turns a UTF-8 character cut by a read boundary of a long paste into U+FFFD before any view sees it
/// (README, known limitations); the client cannot restore it but says so before the text goes out.
/// </summary>
public sealed class DamagedPasteTests
{
    [Fact]
    public void Replacement_character_in_the_input_line_raises_the_banner()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        chat.Type("一棵树一棵树");
        Assert.False(chat.Window.Banner.IsAlert);

        chat.Type("\uFFFD\uFFFD棵树");

        Assert.True(chat.Window.Banner.IsAlert);
        Assert.Contains("lost characters of the pasted text", chat.Screen);

        chat.Press(Key.Enter);
        Assert.False(chat.Window.Banner.IsAlert);
        Assert.DoesNotContain("lost characters", chat.Screen);
    }
}
