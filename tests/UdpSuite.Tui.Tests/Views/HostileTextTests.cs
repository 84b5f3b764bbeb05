using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>Issue 19, item 5: text from other users is drawn inert: escape sequences and bidi controls shown, never passed to the terminal.</summary>
public sealed class HostileTextTests
{
    private const string Esc = "\u001b";

    [Fact]
    public void An_escape_sequence_in_a_message_is_shown_and_not_drawn_raw()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        chat.Session.Receive("瞎驴", $"clear{Esc}[2J title{Esc}]0;pwned\a rlo\u202eevil\nsecond line");
        string screen = chat.Screen;

        Assert.Contains(@"clear\x1b[2J", screen, StringComparison.Ordinal);
        Assert.Contains(@"title\x1b]0;pwned\x07", screen, StringComparison.Ordinal);
        Assert.Contains(@"rlo\u202eevil", screen, StringComparison.Ordinal);
        Assert.Contains("  second line", screen, StringComparison.Ordinal); // a line break the sender typed stays one
        AssertNoControls(chat);
    }

    [Fact]
    public void A_status_text_with_controls_is_shown_inert_in_the_sidebar_and_title()
    {
        using var chat = new HeadlessChat(open: "瞎驴", width: 120);

        chat.Session.SetPresence("瞎驴", PresenceState.Away, $"x{Esc}[31mred\u2066");
        string screen = chat.Screen;

        Assert.Contains(@"x\x1b[31mred\u2066", screen, StringComparison.Ordinal);
        AssertNoControls(chat);
    }

    /// <summary>No cell of the screen holds a C0/C1 control or a bidi control.</summary>
    private static void AssertNoControls(HeadlessChat chat)
    {
        string screen = chat.Screen;
        Assert.DoesNotContain(screen, c => c is < ' ' and not '\n' and not '\r' || c is >= '\u007f' and <= '\u009f' || c is '\u202e' or '\u2066');
    }
}
