using Terminal.Gui.Input;
using Terminal.Gui.Views;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.History;
using UdpSuite.Tui.Views;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>Issue 17, items 8 (search), 11 (help and layout), 7 (notifications) and 9 (the time panel beside the conversation).</summary>
public sealed class HeadlessChatSearchLayoutTests : IDisposable
{
    private readonly string _historyPath = Path.Combine(Path.GetTempPath(), $"udpsuite-search-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (string file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_historyPath) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Search_shows_sender_to_recipient_wraps_long_results_and_Enter_opens_the_conversation_there()
    {
        Guid target = Guid.NewGuid();
        using (var history = new ChatHistory(_historyPath))
        {
            DateTimeOffset start = DateTimeOffset.Now.AddHours(-3);
            for (int i = 0; i < 150; i++)
            {
                history.Save(new ConversationMessage(i == 10 ? target : Guid.NewGuid(), "武大郎", "武大郎", i == 10 ? "炊饼 " + string.Concat(Enumerable.Repeat("热乎的 ", 30)) : $"闲聊 {i}", start.AddSeconds(i), outgoing: false, DeliveryState.Read));
            }

            history.Save(new ConversationMessage(Guid.NewGuid(), "武大郎", "狗哥alex", "我要两个炊饼", start.AddSeconds(200), outgoing: true, DeliveryState.Read));
        }

        using var chat = new HeadlessChat(open: "瞎驴", historyPath: _historyPath);
        chat.Press(Key.F.WithCtrl);
        chat.Type("炊饼");
        chat.Press(Key.Enter);

        SearchPanel search = chat.Window.SearchPanel;
        Assert.Contains(search.ResultText, r => r.EndsWith("狗哥alex → 武大郎", StringComparison.Ordinal));
        Assert.Contains(search.ResultText, r => r.EndsWith("武大郎 → 狗哥alex", StringComparison.Ordinal));
        int width = search.Results.Viewport.Width;
        Assert.All(search.ResultText, r => Assert.True(UdpSuite.Tui.Text.TextWrapper.Columns(r) <= width, r));
        Assert.Contains("before:", search.Context.Text, StringComparison.Ordinal);

        search.SelectResult(1); // the older one, far back in its conversation
        chat.Press(Key.Enter);

        Assert.False(search.Visible);
        Assert.Equal("武大郎", chat.Window.Contacts.Selected?.Account);
        ConversationPane pane = chat.Window.Conversation;
        Assert.True(pane.Visible);
        Assert.Equal(target, pane.ChosenMessage()?.Id);
        Assert.Contains("炊饼 热乎的", chat.Screen);
    }

    [Fact]
    public void F9_opens_the_first_menu()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        chat.Press(Key.F9);

        Assert.True(chat.Window.Menu.SubViews.OfType<MenuBarItem>().First().PopoverMenuOpen);
        Assert.Contains("Quit", chat.Screen);
    }

    [Fact]
    public void Help_lists_every_key_of_the_key_map()
    {
        using var chat = new HeadlessChat(open: "瞎驴", width: 120, height: 40);

        chat.Press(Key.F1);

        string screen = chat.Screen;
        Assert.All(KeyMap.All, k => Assert.Contains(k.Keys, screen));
    }

    [Fact]
    public void Below_70_columns_the_contacts_pane_collapses_to_F6()
    {
        using var chat = new HeadlessChat(open: "瞎驴", width: 60, height: 20);
        Assert.False(chat.Window.ContactsShown);
        Assert.Equal(0, chat.Window.Conversation.Frame.X);

        chat.Press(Key.F6);
        Assert.True(chat.Window.ContactsShown);
        Assert.Contains("瞎驴", chat.Screen);

        chat.Resize(100, 30);
        Assert.True(chat.Window.ContactsShown);
        chat.Press(Key.F6);
        Assert.False(chat.Window.ContactsShown);
    }

    [Fact]
    public void Time_panel_opens_beside_the_conversation()
    {
        using var chat = new HeadlessChat(open: "瞎驴", width: 120, height: 40);
        chat.Session.Receive("瞎驴", "看看时间");

        _ = chat.Window.ShowTime();
        chat.App.LayoutAndDraw();

        Assert.True(chat.Window.Conversation.Visible);
        Assert.True(chat.Window.TimePanel.Visible);
        Assert.True(chat.Window.TimePanel.Frame.X >= chat.Window.Conversation.Frame.Right);
        Assert.Contains("看看时间", chat.Screen);
    }

    [Fact]
    public void Unread_elsewhere_rings_sets_the_title_and_notifies_when_switched_on()
    {
        var chat = new HeadlessChat(open: "瞎驴", notifications: DesktopNotificationStyle.Osc777);
        Assert.Equal(ChatWindow.AppTitle, chat.Window.TerminalTitle);

        chat.Session.Receive("武大郎", "炊饼 🍞");
        chat.Session.Receive("一棵树", "SNTP ok");
        chat.Session.Receive("瞎驴", "in view");

        Assert.Equal(2, chat.Bells);
        Assert.Equal("(2) UdpSuite", chat.Window.TerminalTitle);
        Assert.Contains("\u001b]2;(2) UdpSuite\a", chat.TerminalWrites);
        Assert.Contains("\u001b]777;notify;武大郎;炊饼 🍞\a", chat.TerminalWrites);

        chat.Window.Contacts.Select("武大郎");
        Assert.Equal("(1) UdpSuite", chat.Window.TerminalTitle);

        // The terminal's own title is saved before the first change and put back when the window closes.
        Assert.Equal("\u001b[22;0t", chat.TerminalWrites[0]);
        chat.Dispose();
        Assert.Equal("\u001b[23;0t", chat.TerminalWrites[^1]);
    }

    [Fact]
    public void Desktop_notifications_are_off_unless_switched_on()
    {
        Assert.True(DesktopNotificationStyles.TryParse(null, out DesktopNotificationStyle style));
        Assert.Equal(DesktopNotificationStyle.Off, style);
        Assert.True(DesktopNotificationStyles.TryParse(" Off ", out style));
        Assert.Equal(DesktopNotificationStyle.Off, style);
        Assert.True(DesktopNotificationStyles.TryParse("OSC9", out style));
        Assert.Equal(DesktopNotificationStyle.Osc9, style);
        Assert.False(DesktopNotificationStyles.TryParse("yes please", out _));
        using var chat = new HeadlessChat(open: "瞎驴");

        chat.Session.Receive("武大郎", "炊饼");

        Assert.DoesNotContain(chat.TerminalWrites, w => w.Contains("]777;", StringComparison.Ordinal) || w.Contains("]9;", StringComparison.Ordinal));
    }
}
