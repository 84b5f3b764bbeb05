using Terminal.Gui.Input;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Views;

namespace UdpSuite.Tui.Tests.Views;

public sealed class ChatWindowTests
{
    [Fact]
    public void Contacts_pane_shows_groups_contacts_and_presence_marker_and_open_selects()
    {
        using var chat = new HeadlessChat(open: "一棵树");

        string screen = chat.Screen;
        Assert.Contains("[水浒]", screen);
        Assert.Contains("· 瞎驴", screen);
        Assert.Contains("· 武大郎", screen);
        Assert.DoesNotContain("· 狗哥alex", screen); // that is me
        Assert.Equal("一棵树", chat.Window.Contacts.Selected!.Account);
        Assert.Contains("一棵树 (ops; ask about the SNTP box)", screen);
        Assert.Contains("Ctrl+Q", screen);
        Assert.Contains("File", screen);
    }

    [Fact]
    public void Ctrl_N_and_Ctrl_P_move_between_contacts_skipping_headings()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        chat.Press(Key.N.WithCtrl);
        Assert.Equal("一棵树", chat.Window.Contacts.Selected!.Account);
        chat.Press(Key.N.WithCtrl);
        chat.Press(Key.N.WithCtrl);
        Assert.Equal("瞎驴", chat.Window.Contacts.Selected!.Account);
        chat.Press(Key.P.WithCtrl);
        Assert.Equal("武大郎", chat.Window.Contacts.Selected!.Account);
        Assert.Contains("武大郎 (sells the best 炊饼 on the floor)", chat.Screen);
    }

    [Fact]
    public void Typing_in_the_filter_narrows_the_contacts_list()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        chat.Press(Key.K.WithCtrl);
        chat.Type("炊饼");

        Assert.Equal(["[水浒]", " · 武大郎"], chat.Window.Contacts.Entries.Select(e => e.Text));
        Assert.Equal("武大郎", chat.Window.Contacts.Selected!.Account);
    }

    [Fact]
    public void Enter_sends_to_the_selected_contact_and_marks_follow_the_acks()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        chat.Type("你好 瞎驴 😀");
        chat.Press(Key.Enter);

        (Guid id, string to, string text) = Assert.Single(chat.Session.Sent);
        Assert.Equal(("瞎驴", "你好 瞎驴 😀"), (to, text));
        Assert.Equal(string.Empty, chat.Window.Compose.Input.Text);
        Assert.Contains("狗哥alex", chat.Screen);
        Assert.Contains("[sending]", chat.Screen);
        Assert.Contains("你好 瞎驴", chat.Screen);

        chat.Session.Deliver(id, DeliveryState.Sent);
        Assert.Contains("✓ sent", chat.Screen);
        chat.Session.Deliver(id, DeliveryState.Delivered);
        Assert.Contains("✓✓ delivered", chat.Screen);
        chat.Session.Deliver(id, DeliveryState.Read);
        Assert.Contains("✓✓ read", chat.Screen);
        Assert.DoesNotContain("[sending]", chat.Screen);
    }

    [Fact]
    public void Alt_Enter_makes_a_multi_line_message()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        chat.Type("第一行");
        chat.Press(Key.Enter.WithAlt);
        Assert.Contains("(+1 line) 第一行", chat.Screen);
        chat.Type("second");
        chat.Press(Key.Enter);

        Assert.Equal("第一行\nsecond", Assert.Single(chat.Session.Sent).Text);
    }

    [Fact]
    public void Failed_message_is_marked_and_Ctrl_R_sends_it_again()
    {
        using var chat = new HeadlessChat(open: "瞎驴", width: 120);
        chat.Type("hello");
        chat.Press(Key.Enter);
        Guid first = chat.Session.Sent[0].Id;

        chat.Session.Deliver(first, DeliveryState.Failed);
        Assert.Contains("[failed: the test failed it; Ctrl+R retries]", chat.Screen);

        chat.Press(Key.R.WithCtrl);

        Assert.Equal(2, chat.Session.Sent.Count);
        Assert.Equal(("瞎驴", "hello"), (chat.Session.Sent[1].To, chat.Session.Sent[1].Text));
        Assert.DoesNotContain("[failed", chat.Screen);
        Assert.Contains("[sending]", chat.Screen);
    }

    [Fact]
    public void Message_for_another_conversation_counts_unread_and_rings_until_opened()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        Guid id = chat.Session.Receive("武大郎", "炊饼来了");
        chat.Session.Receive("武大郎", "快来");

        Assert.Contains("· 武大郎 (2)", chat.Screen);
        Assert.Equal(2, chat.Bells);
        Assert.DoesNotContain("炊饼来了", chat.Screen);

        chat.Window.Contacts.Select("武大郎");

        Assert.DoesNotContain("(2)", chat.Screen);
        Assert.Contains("炊饼来了", chat.Screen);
        Assert.Contains(id, chat.Session.MarkedRead);
    }

    [Fact]
    public void Message_in_the_open_conversation_shows_with_its_sender_and_is_marked_read()
    {
        using var chat = new HeadlessChat(open: "一棵树");

        Guid id = chat.Session.Receive("一棵树", "SNTP box is up 👍");

        Assert.Contains("一棵树 ", chat.Screen);
        Assert.Contains("SNTP box is up", chat.Screen);
        Assert.Equal(0, chat.Bells);
        Assert.Contains(id, chat.Session.MarkedRead);
    }

    [Fact]
    public void Stranger_who_writes_appears_in_the_contacts_list()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        chat.Session.Receive("宋江", "hi");

        Assert.Contains("· 宋江 (1)", chat.Screen);
    }

    [Fact]
    public void Unreachable_server_shows_a_banner_and_queues_until_it_comes_back()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        chat.Session.SetConnected(false);
        chat.Type("queued one");
        chat.Press(Key.Enter);

        Assert.Matches(@"! chat server 127\.0\.0\.1:8081 unreachable since \d\d:\d\d:\d\d: 1 message queued", chat.Screen);
        Assert.Contains("[queued]", chat.Screen);

        chat.Session.SetConnected(true);

        Assert.DoesNotContain("unreachable", chat.Screen);
        Assert.Contains("[sending]", chat.Screen);
        Assert.False(chat.Window.Banner.IsAlert);
    }

    [Fact]
    public void Broken_contacts_file_shows_a_banner_naming_it()
    {
        using var chat = new HeadlessChat(contactsJson: """{ "contacts": { "瞎驴": { "account": "瞎驴" }, }""");

        Assert.True(chat.Window.Banner.IsAlert);
        Assert.Contains(chat.ContactsPath, chat.Window.Banner.Text);
        Assert.Contains("invalid JSON", chat.Window.Banner.Text);
        Assert.Contains("! ", chat.Screen);
    }

    [Fact]
    public void Contacts_file_broken_while_running_keeps_the_last_good_contacts()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        File.WriteAllText(chat.ContactsPath, """{ "contacts": { "x": { "account": "  " } } }""");
        chat.AddressBook.Reload();

        Assert.Contains("contacts.x.account", chat.Window.Banner.Text);
        Assert.Contains("· 瞎驴", chat.Screen);
    }

    [Fact]
    public void F1_lists_every_key_and_Esc_closes_it()
    {
        using var chat = new HeadlessChat(open: "瞎驴", height: 60); // wrapped at 80 columns, the list is longer than 40 rows

        chat.Press(Key.F1);
        string screen = chat.Screen;
        foreach ((string keys, _) in KeyMap.All)
        {
            Assert.Contains(keys, screen);
        }

        chat.Press(Key.Esc);
        Assert.False(chat.Window.HelpPanel.Visible);
        Assert.True(chat.Window.Conversation.Visible);
        Assert.True(chat.Window.Compose.Input.HasFocus);
    }

    [Fact]
    public void Ctrl_Q_asks_the_application_to_stop()
    {
        using var chat = new HeadlessChat();

        chat.Press(Key.Q.WithCtrl);

        Assert.True(chat.Window.StopRequested);
    }

    [Fact]
    public void Long_CJK_message_wraps_inside_the_pane_after_a_resize()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        string text = string.Concat(Enumerable.Repeat("一棵树武大郎", 12));
        chat.Type(text);
        chat.Press(Key.Enter);

        chat.Resize(60, 20);

        int width = chat.Window.Conversation.Lines.Viewport.Width;
        Assert.InRange(width, 10, 58); // below 70 columns the contacts pane gives its columns to the conversation
        IReadOnlyList<string> lines = chat.Window.Conversation.ShownLines;
        Assert.All(lines, line => Assert.True(UdpSuite.Tui.Text.TextWrapper.Columns(line) <= width, $"'{line}' is wider than {width}"));
        Assert.StartsWith("──", lines[0], StringComparison.Ordinal); // the day
        Assert.Equal(text, string.Concat(lines.Skip(2).Select(l => l.Trim())));
        Assert.Contains("F1  Help", chat.Screen);
    }
}
