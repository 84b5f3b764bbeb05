using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>The full-screen client beside other sessions of the same user: copies of what they sent, reads they made.</summary>
public sealed class HeadlessSeveralSessionsTests
{
    [Fact]
    public void A_copy_of_a_message_sent_elsewhere_shows_as_outgoing_in_the_recipients_conversation_and_is_not_unread()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        Guid id = chat.Session.SentElsewhere("瞎驴", "sent from my phone 📱");
        chat.App.LayoutAndDraw();

        var shown = Assert.Single(chat.Window.Book.With("瞎驴"), m => m.Id == id);
        Assert.True(shown.Outgoing);
        Assert.Equal("狗哥alex", shown.Sender);
        Assert.Equal(DeliveryState.Sent, shown.State);
        Assert.Empty(chat.Window.Book.With("狗哥alex")); // not a conversation with oneself
        Assert.Equal(0, chat.Window.Book.TotalUnread);
        Assert.Equal(0, chat.Bells);
        Assert.DoesNotContain(id, chat.Session.MarkedRead);
        Assert.Contains("sent from my phone", chat.Screen, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_read_on_another_device_stops_counting_as_unread_here()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        Guid first = chat.Session.Receive("武大郎", "炊饼 🍞");
        chat.Session.Receive("武大郎", "还有吗？");
        Assert.Equal(2, chat.Window.Book.Unread("武大郎"));

        chat.Session.ReadOnOtherDevice(first);

        Assert.Equal(1, chat.Window.Book.Unread("武大郎"));
        Assert.Equal("(1) UdpSuite", chat.Window.TerminalTitle);
        chat.Session.ReadOnOtherDevice(first); // READ_SYNC again (retransmitted): nothing more
        Assert.Equal(1, chat.Window.Book.Unread("武大郎"));
    }
}
