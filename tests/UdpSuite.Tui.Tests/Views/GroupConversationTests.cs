using Terminal.Gui.Input;
using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>Groups in the full-screen client: listed, opened, messages in their own conversation, counts for the sender, management.</summary>
public sealed class GroupConversationTests
{
    private static void WithGroup(FakeChatSession session) => session.HaveGroup("水浒", "瞎驴", "狗哥alex", "武大郎");

    [Fact]
    public void A_group_message_lands_in_its_group_conversation_under_its_sender_not_in_the_senders_private_one()
    {
        using var chat = new HeadlessChat(open: "一棵树", prepareSession: WithGroup);

        chat.Session.ReceiveInGroup("水浒", "瞎驴", "今晚吃炊饼 🍞");

        Assert.Empty(chat.Window.Book.With("瞎驴"));
        ConversationMessage message = Assert.Single(chat.Window.Book.With(ConversationId.Group("水浒")));
        Assert.Equal("瞎驴", message.Sender);
        Assert.Equal(1, chat.Window.Book.Unread(ConversationId.Group("水浒")));
        Assert.Contains("# 水浒 (1)", chat.Screen);

        Assert.True(chat.Window.Contacts.Select(ConversationId.Group("水浒")));
        string screen = chat.Screen;
        Assert.Contains("今晚吃炊饼", screen);
        Assert.Contains("瞎驴 ", screen); // the heading names the sender
        Assert.Contains("Message to #水浒", screen);
    }

    [Fact]
    public void A_reply_in_a_group_goes_to_the_group_and_the_sender_sees_delivered_and_read_counts()
    {
        using var chat = new HeadlessChat(openGroup: "水浒", prepareSession: WithGroup);

        chat.Type("大家好 👋");
        chat.Press(Key.Enter);

        Assert.Empty(chat.Session.Sent); // nothing went to a person
        (Guid id, string group, string text) = Assert.Single(chat.Session.GroupSent);
        Assert.Equal(("水浒", "大家好 👋"), (group, text));
        chat.Session.CountGroup(id, members: 2, delivered: 1, read: 0);
        Assert.Contains("[delivered 1 / read 0 of 2]", chat.Screen);
        chat.Session.CountGroup(id, members: 2, delivered: 2, read: 1);
        Assert.Contains("[delivered 2 / read 1 of 2]", chat.Screen);
    }

    [Fact]
    public void Groups_and_their_co_members_are_listed_and_watched_from_the_server()
    {
        using var chat = new HeadlessChat(prepareSession: s => s.HaveGroup("夜班", "阿强", "狗哥alex"));

        string screen = chat.Screen;
        Assert.Contains("[Group chats]", screen);
        Assert.Contains("# 夜班", screen);
        Assert.Contains("· 阿强", screen); // a co-member not in contacts.json
        Assert.Contains("阿强", chat.Session.Watched);
    }

    [Fact]
    public void Create_join_rename_and_leave_go_to_the_server_and_keep_the_list_current()
    {
        using var chat = new HeadlessChat(prepareSession: s => s.HaveGroup("夜班", "阿强"));

        _ = chat.Window.CreateGroup("炊饼会", "芝麻");
        Assert.Equal("炊饼会", chat.Window.Contacts.Selected!.Account);
        Assert.True(chat.Window.Contacts.Selected.IsGroup);
        Assert.Contains("# 炊饼会", chat.Screen);

        _ = chat.Window.JoinGroup("夜班", null);
        Assert.Equal("夜班", chat.Window.Contacts.Selected!.Account);
        Assert.Contains("#夜班 (2 members)", chat.Screen);

        _ = chat.Window.RenameGroup("炊饼会", "烧饼会");
        Assert.Contains("# 烧饼会", chat.Screen);
        Assert.DoesNotContain("# 炊饼会", chat.Screen);

        _ = chat.Window.LeaveGroup("夜班");
        Assert.Contains("#夜班 (not a member)", chat.Screen);
    }

    [Fact]
    public void Each_senders_heading_has_the_senders_own_stable_colour()
    {
        using var chat = new HeadlessChat(openGroup: "水浒", prepareSession: WithGroup);

        chat.Session.ReceiveInGroup("水浒", "瞎驴", "第一条");
        chat.Session.ReceiveInGroup("水浒", "武大郎", "第二条 🍞");

        string[] rows = chat.Screen.Split('\n');
        int lv = Array.FindIndex(rows, r => r.Contains("│瞎驴 ", StringComparison.Ordinal));
        int wu = Array.FindIndex(rows, r => r.Contains("│武大郎 ", StringComparison.Ordinal));
        Assert.True(lv > 0 && wu > lv, string.Join('\n', rows));
        int column = chat.Window.Conversation.Lines.FrameToScreen().X;
        Assert.Equal(UdpSuite.Tui.Views.SenderColors.For("瞎驴"), chat.App.Driver!.Contents![lv, column].Attribute!.Value.Foreground);
        Assert.Equal(UdpSuite.Tui.Views.SenderColors.For("武大郎"), chat.App.Driver.Contents[wu, column].Attribute!.Value.Foreground);
        Assert.NotEqual(UdpSuite.Tui.Views.SenderColors.For("瞎驴"), UdpSuite.Tui.Views.SenderColors.For("武大郎"));
        Assert.Equal(UdpSuite.Tui.Views.SenderColors.For("瞎驴"), UdpSuite.Tui.Views.SenderColors.For(new string("瞎驴".ToCharArray()))); // by content, every run
    }

    [Fact]
    public void A_refused_group_request_says_why_in_the_banner()
    {
        using var chat = new HeadlessChat(prepareSession: s => s.HaveGroup("夜班", "阿强"));

        _ = chat.Window.CreateGroup("夜班", null);

        Assert.Contains("group 夜班 not created", chat.Screen);
        Assert.Contains("GroupExists", chat.Screen);
        Assert.True(chat.Window.Banner.IsAlert);
    }

    [Fact]
    public void Group_messages_survive_a_restart_in_their_group_conversation()
    {
        string path = Path.Combine(Path.GetTempPath(), "udpsuite-group-history-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            using (var first = new HeadlessChat(historyPath: path, prepareSession: WithGroup))
            {
                first.Session.ReceiveInGroup("水浒", "瞎驴", "留言 📌");
            }

            using var second = new HeadlessChat(historyPath: path);
            Assert.Single(second.Window.Book.With(ConversationId.Group("水浒")));
            Assert.Contains("# 水浒", second.Screen); // listed from the history although the fake server has no group now
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (string file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"))
            {
                File.Delete(file);
            }
        }
    }
}
