using System.Text.Json.Nodes;
using Terminal.Gui.Input;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Views;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>The contacts list: who is in it, in which order, how each row reads, and editing contacts.json from the client.</summary>
public sealed class ContactsSidebarTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_most_recently_active_conversation_comes_first_with_its_unread_count_and_time()
    {
        var clock = new ManualClock(Noon);
        using var chat = new HeadlessChat(open: "瞎驴", clock: clock, width: 120, height: 40);

        chat.Session.Receive("武大郎", "炊饼到了");

        List<string> rows = [.. chat.Window.Contacts.Entries.Select(e => e.Text)];
        int heading = rows.IndexOf("[水浒]");
        Assert.StartsWith(" · 武大郎 (1)", rows[heading + 1]);
        Assert.EndsWith(DateTimeOffset.Now.ToLocalTime().ToString("HH:mm"), rows[heading + 1]); // the message's own time
        Assert.Equal("瞎驴", chat.Window.Contacts.Selected!.Account); // the selection stays put
    }

    [Fact]
    public void Status_text_follows_the_presence_mark_and_the_filter_finds_it()
    {
        using var chat = new HeadlessChat(open: "瞎驴", width: 120, height: 40);

        chat.Session.SetPresence("一棵树", PresenceState.Away, "开会 📅");

        Assert.Contains("◐ 一棵树 开会 📅", chat.Screen);
        chat.Press(Key.K.WithCtrl);
        chat.Type("开会");
        Assert.Equal("一棵树", Assert.Single(chat.Window.Contacts.Entries, e => e.Item is not null).Item!.Account);
    }

    [Fact]
    public void An_account_the_server_does_not_know_is_marked_as_such()
    {
        using var chat = new HeadlessChat(open: "一棵树", width: 120, height: 40);

        chat.Session.ReportUnknown("一棵树");

        Assert.Contains(chat.Window.Contacts.Entries, e => e.Text.StartsWith(" ? 一棵树 no such", StringComparison.Ordinal));
        Assert.Contains("no such account on this server", chat.Screen); // the conversation's title too
        Assert.DoesNotContain("一棵树", chat.Session.Watched);
    }

    [Fact]
    public void Server_side_contacts_and_people_from_the_history_are_listed_after_a_restart()
    {
        string path = Path.Combine(Path.GetTempPath(), "udpsuite-sidebar-history-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            using (var first = new HeadlessChat(historyPath: path))
            {
                first.Session.Receive("陌生人", "你好，我是新来的");
            }

            using var second = new HeadlessChat(historyPath: path, prepareSession: s => s.ServerContacts.Add("老王"));
            string screen = second.Screen;
            Assert.Contains("· 陌生人", screen);
            Assert.Contains("· 老王", screen);
            Assert.True(second.Window.Contacts.Select("陌生人"));
            Assert.Contains("你好，我是新来的", second.Screen);
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

    [Fact]
    public void Adding_renaming_and_removing_a_contact_rewrite_contacts_json_keeping_unknown_fields()
    {
        string json = TempContactsFileJson();
        using var chat = new HeadlessChat(contactsJson: json, open: "瞎驴");

        Assert.True(chat.Window.AddContact("老王", "王哥 🍺", "隔壁"));
        JsonObject file = ReadFile(chat.ContactsPath);
        Assert.Equal("老王", file["contacts"]!["王哥 🍺"]!["account"]!.GetValue<string>());
        Assert.Equal("./contacts.schema.json", file["$schema"]!.GetValue<string>());
        Assert.Equal("%F %T", file["time"]!["defaultFormat"]!.GetValue<string>());
        Assert.Equal("night shift", file["contacts"]!["瞎驴"]!["note"]!.GetValue<string>());
        Assert.Equal("老王", chat.Window.Contacts.Selected!.Account);
        Assert.Contains("王哥 🍺 (隔壁)", chat.Screen);
        Assert.Contains("老王", chat.Session.ServerContacts);

        Assert.True(chat.Window.RenameContact(chat.Window.Contacts.Selected, "老王头"));
        file = ReadFile(chat.ContactsPath);
        Assert.Equal("瞎驴", file["groups"]!["夜班"]!["members"]![0]!.GetValue<string>());
        Assert.Null(file["contacts"]!["王哥 🍺"]);
        Assert.Equal("隔壁", file["contacts"]!["老王头"]!["note"]!.GetValue<string>());

        Assert.True(chat.Window.RemoveContact(chat.Window.Contacts.Selected!));
        Assert.Null(ReadFile(chat.ContactsPath)["contacts"]!["老王头"]);
        Assert.DoesNotContain("老王", chat.Session.ServerContacts);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(chat.ContactsPath)!, "*.tmp"));
    }

    [Fact]
    public void Adding_an_account_that_does_not_exist_marks_it_unknown()
    {
        using var chat = new HeadlessChat(open: "瞎驴", width: 120, height: 40, prepareSession: s => s.ExistingAccounts = ["瞎驴"]);

        Assert.True(chat.Window.AddContact("nobody", string.Empty, string.Empty));

        Assert.Contains(chat.Window.Contacts.Entries, e => e.Text.StartsWith(" ? nobody no such", StringComparison.Ordinal));
    }

    [Fact]
    public void A_contact_row_is_cut_to_the_pane_and_keeps_the_time_at_the_right_edge()
    {
        var item = new SidebarItem(Conversations.ConversationId.Person("x"), "非常非常非常长的名字", string.Empty, SidebarItem.ContactsSection);
        var presence = new Client.Chat.ContactPresence("x", PresenceState.Online, "在外面吃饭 🍜 回来再说", Noon, 1);

        ContactEntry row = ContactEntry.For(item, unread: 3, presence, Noon.AddMinutes(-5), Noon, width: 22);

        Assert.Equal(22, UdpSuite.Tui.Text.TextWrapper.Columns(row.Text));
        Assert.StartsWith(" ● 非常非常", row.Text);
        Assert.EndsWith("… 11:55", row.Text);
    }

    private static JsonObject ReadFile(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    private static string TempContactsFileJson() => """
        {
          "$schema": "./contacts.schema.json",
          "me": { "user": "狗哥alex" },
          "contacts": {
            "瞎驴": { "account": "瞎驴", "note": "night shift" }
          },
          "groups": { "夜班": { "members": [ "瞎驴" ] } },
          "time": { "defaultFormat": "%F %T" }
        }
        """;
}
