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

    [Fact]
    public void A_display_name_with_a_bidi_or_zero_width_character_is_refused_with_the_character_named()
    {
        using var chat = new HeadlessChat(width: 120);

        Assert.False(chat.Window.AddContact("老王", "王\u202E哥", string.Empty));
        Assert.Contains("character 2, U+202E (RIGHT-TO-LEFT OVERRIDE, a bidi control)", chat.Screen, StringComparison.Ordinal);
        Assert.DoesNotContain(chat.AddressBook.Current.Contacts, c => c.Account == "老王");

        Assert.True(chat.Window.AddContact("老王", "王哥", string.Empty));
        Assert.False(chat.Window.RenameContact(chat.Window.Contacts.Selected!, "王\u200B哥"));
        Assert.Contains("U+200B (ZERO WIDTH SPACE)", chat.Screen, StringComparison.Ordinal);
        AssertNoControls(chat);
    }

    /// <summary>No cell of the screen holds a C0/C1 control or a bidi control.</summary>
    private static void AssertNoControls(HeadlessChat chat)
    {
        string screen = chat.Screen;
        Assert.DoesNotContain(screen, c => c is < ' ' and not '\n' and not '\r' || c is >= '\u007f' and <= '\u009f' || c is '\u202e' or '\u2066');
    }
}
