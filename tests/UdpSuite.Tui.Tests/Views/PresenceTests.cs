using Terminal.Gui.Input;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>Presence reported by the session (<see cref="UdpSuite.Tui.Chat.IChatSession.PresenceChanged"/>) drives the contacts' markers.</summary>
public sealed class PresenceTests
{
    [Fact]
    public void Markers_follow_presence_events_and_the_open_conversation_shows_the_status()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        Assert.Contains("· 瞎驴", chat.Screen);

        chat.Session.SetPresence("瞎驴", PresenceState.Online);
        chat.Session.SetPresence("武大郎", PresenceState.Away, "卖炊饼去了");
        chat.Session.SetPresence("一棵树", PresenceState.Offline);

        string screen = chat.Screen;
        Assert.Contains("● 瞎驴", screen);
        Assert.Contains("◐ 武大郎", screen);
        Assert.Contains("○ 一棵树", screen);
        Assert.Contains(" ● 瞎驴", chat.Window.Contacts.Entries.Select(e => e.Text));
        Assert.Equal(PresenceState.Away, chat.Window.PresenceOf("武大郎"));
        Assert.Equal("瞎驴", chat.Window.Contacts.Selected!.Account); // a refresh keeps the selection

        chat.Press(Key.N.WithCtrl);
        chat.Press(Key.N.WithCtrl);
        Assert.Equal("武大郎", chat.Window.Contacts.Selected!.Account);
        Assert.Contains("◐ away: 卖炊饼去了", chat.Window.Conversation.Title);

        chat.Session.SetPresence("武大郎", PresenceState.Online);
        Assert.Contains("● 武大郎", chat.Screen);
        Assert.EndsWith("● online", chat.Window.Conversation.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Unread_count_and_presence_share_the_row()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        chat.Session.SetPresence("武大郎", PresenceState.Away);
        chat.Session.Receive("武大郎", "炊饼到了");

        Assert.Contains(chat.Window.Contacts.Entries, e => e.Text.StartsWith(" ◐ 武大郎 (1) ", StringComparison.Ordinal)); // then the time of the message
    }

    [Fact]
    public void The_address_books_contacts_are_watched_except_the_user_itself()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        Assert.Contains("瞎驴", chat.Session.Watched);
        Assert.Contains("武大郎", chat.Session.Watched);
        Assert.DoesNotContain(chat.Session.UserName, chat.Session.Watched);
        Assert.Equal(chat.Session.Watched.Count, chat.Session.Watched.Distinct().Count());
    }
}
