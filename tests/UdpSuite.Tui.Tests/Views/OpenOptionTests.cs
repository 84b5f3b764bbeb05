using Terminal.Gui.Input;

namespace UdpSuite.Tui.Tests.Views;

/// <summary><c>--open NAME</c> for an account that is not in contacts.json opens that conversation, not another one.</summary>
public sealed class OpenOptionTests
{
    [Fact]
    public void Open_with_an_account_missing_from_the_address_book_opens_its_conversation_as_a_stranger()
    {
        using var chat = new HeadlessChat(open: "alice");

        Assert.Contains("alice (not in contacts.json)", chat.Screen);
        chat.Type("hello alice");
        chat.Press(Key.Enter);
        chat.Session.Receive("alice", "hi bob");

        Assert.Equal("alice", Assert.Single(chat.Session.Sent).To);
        Assert.Contains("hi bob", chat.Screen); // shown in the open conversation
        Assert.Equal(0, chat.Bells);
    }

    [Fact]
    public void Open_with_a_name_that_cannot_be_an_account_falls_back_to_the_first_contact()
    {
        using var chat = new HeadlessChat(open: " spaced ");

        Assert.DoesNotContain("not in contacts.json", chat.Screen);
    }
}
