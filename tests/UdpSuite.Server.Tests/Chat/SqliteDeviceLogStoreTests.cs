using Microsoft.Data.Sqlite;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>The user's log, device cursors, read state, chosen presence and history pages on real SQLite files.</summary>
public sealed class SqliteDeviceLogStoreTests : IDisposable
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 2, 12, 0);
    private const int NoByteLimit = SessionsCodec.MaxPageBytes;
    private readonly string _directory = Directory.CreateTempSubdirectory("udpsuite-device-store-test-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static void AddUsers(SqliteChatStore store, params string[] users)
    {
        foreach (string user in users)
        {
            Assert.True(store.TryAddUser(user, TestVerifiers.Create("pw"), Now));
        }
    }

    [Fact]
    public void Messages_to_a_user_and_copies_of_its_own_share_one_dense_log_sequence()
    {
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        Guid first = Guid.NewGuid(), reply = Guid.NewGuid(), third = Guid.NewGuid(), toSelf = Guid.NewGuid(), post = Guid.NewGuid();
        store.Commit(first, "alice", "bob", "one", Now);
        store.Commit(reply, "bob", "alice", "two", Now);
        Assert.Equal(2UL, store.AppendCopy("bob", reply, isGroup: false, originDevice: 7, Now));
        store.Commit(third, "alice", "bob", "three", Now);

        Assert.Equal(2UL, store.AppendCopy("bob", reply, isGroup: false, originDevice: 9, Now)); // again: the first number, nothing new
        Assert.Equal(0UL, store.AppendCopy("bob", first, isGroup: false, originDevice: 7, Now)); // not bob's message
        store.Commit(toSelf, "bob", "bob", "note to self", Now);
        Assert.Equal(0UL, store.AppendCopy("bob", toSelf, isGroup: false, originDevice: 7, Now)); // in the log once, as incoming

        store.CreateGroup("g", "alice", null, Now);
        store.JoinGroup("g", "bob", null, Now);
        store.CommitToGroup(post, "g", "bob", "to the group", Now);
        Assert.Equal(5UL, store.AppendCopy("bob", post, isGroup: true, originDevice: 7, Now));

        IReadOnlyList<LogEntry> log = store.LogAfter("bob", 0, 100);
        Assert.Equal([1UL, 2UL, 3UL, 4UL, 5UL], log.Select(e => e.Sequence));
        Assert.Equal(["one", "two", "three", "note to self", "to the group"], log.Select(e => e.Message.Text));
        Assert.Equal([false, true, false, false, true], log.Select(e => e.IsCopy));
        Assert.Equal(log.Select(e => e.Sequence), log.Select(e => e.Message.InboxSequence));
        LogEntry copy = log[1];
        Assert.Equal((reply, "bob", "alice", 7UL), (copy.Message.MessageId, copy.Message.Sender, copy.Message.Recipient, copy.OriginDevice));
        LogEntry groupCopy = log[4];
        Assert.Equal(GroupCopyId.For(post, "bob"), groupCopy.Message.MessageId);
        Assert.Equal(new GroupTag("g", 1, post), groupCopy.Message.Group);

        // Alice's copy of the post is in her log, not bob's: his log stays dense.
        Assert.Equal(5UL, store.LogHead("bob"));
        Assert.Equal([3UL, 4UL], store.LogAfter("bob", 2, 2).Select(e => e.Sequence));

        // A later message to bob takes the number after his copy.
        Assert.Equal(6UL, store.Commit(Guid.NewGuid(), "alice", "bob", "four", Now).Message.InboxSequence);
    }

    [Fact]
    public void A_new_device_starts_below_the_first_unconfirmed_message_and_its_cursor_only_rises_and_persists()
    {
        Guid delivered = Guid.NewGuid();
        using (SqliteChatStore store = SqliteChatStore.Open(_directory))
        {
            store.Commit(delivered, "alice", "bob", "seen by a device", Now);
            store.Commit(Guid.NewGuid(), "alice", "bob", "seen by none", Now);
            store.Commit(Guid.NewGuid(), "alice", "bob", "seen by none either", Now);
            store.AdvanceState(delivered, "bob", DeliveryState.Delivered, Now);

            DeviceCursor laptop = store.OpenDevice("bob", 0xFFFF_FFFF_FFFF_FFF1, "laptop (chat)", Now);
            Assert.Equal(1UL, laptop.Cursor);
            Assert.Equal(["seen by none", "seen by none either"], store.LogAfter("bob", laptop.Cursor, 10).Select(e => e.Message.Text));

            store.AdvanceDevice("bob", laptop.DeviceId, 3, Now + Duration.FromSeconds(5));
            store.AdvanceDevice("bob", laptop.DeviceId, 2, Now + Duration.FromSeconds(6)); // a late confirmation lowers nothing
        }

        using SqliteChatStore reopened = SqliteChatStore.Open(_directory);
        DeviceCursor again = reopened.OpenDevice("bob", 0xFFFF_FFFF_FFFF_FFF1, "laptop (listen)", Now + Duration.FromMinutes(1));
        Assert.Equal((3UL, "laptop (listen)"), (again.Cursor, again.Name));
        Assert.Equal(Now + Duration.FromSeconds(6), again.LastSeen);
        Assert.Equal(Now, again.FirstSeen);

        // Everything is confirmed somewhere: a device seen for the first time now starts at the head.
        reopened.AdvanceState(reopened.LogAfter("bob", 1, 10)[0].Message.MessageId, "bob", DeliveryState.Delivered, Now);
        reopened.AdvanceState(reopened.LogAfter("bob", 2, 10)[0].Message.MessageId, "bob", DeliveryState.Delivered, Now);
        Assert.Equal(3UL, reopened.OpenDevice("bob", 42, "phone (chat)", Now).Cursor);
        Assert.Equal(0UL, reopened.OpenDevice("carol", 42, "phone (chat)", Now).Cursor);

        reopened.TouchDevice("bob", 42, Now + Duration.FromHours(1));
        Assert.Equal(Now + Duration.FromHours(1), reopened.OpenDevice("bob", 42, "phone (chat)", Now).LastSeen);
    }

    [Fact]
    public void Read_since_lists_messages_to_the_user_read_after_a_time_most_recent_first()
    {
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        Guid early = Guid.NewGuid(), late = Guid.NewGuid(), unread = Guid.NewGuid(), other = Guid.NewGuid();
        store.Commit(early, "alice", "bob", "a", Now);
        store.Commit(late, "alice", "bob", "b", Now);
        store.Commit(unread, "alice", "bob", "c", Now);
        store.Commit(other, "alice", "carol", "d", Now);
        store.AdvanceState(early, "bob", DeliveryState.Read, Now + Duration.FromSeconds(1));
        store.AdvanceState(late, "bob", DeliveryState.Read, Now + Duration.FromSeconds(3));
        store.AdvanceState(unread, "bob", DeliveryState.Delivered, Now + Duration.FromSeconds(4));
        store.AdvanceState(other, "carol", DeliveryState.Read, Now + Duration.FromSeconds(4));

        Assert.Equal([late, early], store.ReadSince("bob", Now, 10).Select(m => m.MessageId));
        Assert.Equal([late], store.ReadSince("bob", Now + Duration.FromSeconds(2), 10).Select(m => m.MessageId));
        Assert.Equal([late], store.ReadSince("bob", Now, 1).Select(m => m.MessageId));
    }

    [Fact]
    public void The_chosen_presence_survives_reopening_and_the_last_choice_wins()
    {
        using (SqliteChatStore store = SqliteChatStore.Open(_directory))
        {
            Assert.Null(store.LoadPresenceChoice("bob"));
            store.SavePresenceChoice("bob", new PresenceChoice(PresenceState.Online, string.Empty, 10, Now));
            store.SavePresenceChoice("bob", new PresenceChoice(PresenceState.Away, "午饭 🍜", 11, Now + Duration.FromSeconds(1)));
        }

        using SqliteChatStore reopened = SqliteChatStore.Open(_directory);
        Assert.Equal(new PresenceChoice(PresenceState.Away, "午饭 🍜", 11, Now + Duration.FromSeconds(1)), reopened.LoadPresenceChoice("bob"));
        Assert.Null(reopened.LoadPresenceChoice("alice"));
    }

    [Fact]
    public void Paging_a_conversation_back_returns_every_message_once_newest_first_with_directions()
    {
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        AddUsers(store, "alice", "bob", "carol");
        var written = new List<Guid>();
        for (int i = 0; i < 7; i++)
        {
            Guid id = Guid.NewGuid();
            written.Add(id);
            (string from, string to) = i % 3 == 0 ? ("bob", "alice") : ("alice", "bob");
            store.Commit(id, from, to, $"message {i}", Now + Duration.FromSeconds(i));
            store.Commit(Guid.NewGuid(), "carol", "alice", $"elsewhere {i}", Now); // another conversation in between
        }

        store.CreateGroup("g", "alice", null, Now);
        store.JoinGroup("g", "bob", null, Now);
        store.CommitToGroup(Guid.NewGuid(), "g", "alice", "a group message is not 1:1 history", Now);
        store.AdvanceState(written[6], "alice", DeliveryState.Read, Now); // message 6 is bob's, to alice

        var pages = new List<StoredHistoryPage>();
        ulong before = 0;
        do
        {
            StoredHistoryPage page = store.ConversationPage("alice", "bob", before, 3, NoByteLimit);
            Assert.Equal(ChatErrorCode.None, page.Code);
            pages.Add(page);
            before = page.NextBefore;
        }
        while (before != 0);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Entries.Count));
        HistoryEntry[] all = [.. pages.SelectMany(p => p.Entries)];
        Assert.Equal(Enumerable.Reverse(written), all.Select(e => e.MessageId));
        Assert.Equal(all.Select(e => e.Position).OrderDescending(), all.Select(e => e.Position));
        Assert.Equal([.. Enumerable.Range(0, 7).Reverse().Select(i => i % 3 != 0)], all.Select(e => e.Outgoing));
        Assert.Equal(("bob", "message 6", DeliveryState.Read), (all[0].From, all[0].Text, all[0].State));
        Assert.Equal(Now.ToUnixTimeMilliseconds(), all[^1].SentAtUnixMilliseconds);

        // Bob's view is the same messages with the direction turned.
        Assert.Equal(all.Take(3).Select(e => !e.Outgoing), store.ConversationPage("bob", "alice", 0, 3, NoByteLimit).Entries.Select(e => e.Outgoing));
        Assert.Equal(ChatErrorCode.UnknownRecipient, store.ConversationPage("alice", "nobody", 0, 3, NoByteLimit).Code);
    }

    [Fact]
    public void A_page_stops_at_its_byte_budget_but_always_holds_one_entry()
    {
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        AddUsers(store, "alice", "bob");
        for (int i = 0; i < 3; i++)
        {
            store.Commit(Guid.NewGuid(), "alice", "bob", new string((char)('a' + i), 40_000), Now);
        }

        var seen = new List<HistoryEntry>();
        ulong before = 0;
        do
        {
            StoredHistoryPage page = store.ConversationPage("bob", "alice", before, 50, SessionsCodec.MaxPageBytes);
            Assert.Single(page.Entries); // two 40,000-byte texts do not fit one page
            Assert.True(SessionsCodec.EncodeHistoryPage(new HistoryPage(1, page.Code, page.NextBefore, page.Entries)).Length <= SessionsCodec.MaxPageBytes);
            seen.AddRange(page.Entries);
            before = page.NextBefore;
        }
        while (before != 0);

        Assert.Equal(["c", "b", "a"], seen.Select(e => e.Text[..1]));
    }

    [Fact]
    public void A_group_page_shows_a_member_what_it_was_given_and_its_own_posts_by_group_sequence()
    {
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        AddUsers(store, "alice", "bob", "carol");
        store.CreateGroup("g", "alice", null, Now);
        store.JoinGroup("g", "bob", null, Now);
        Guid before1 = Guid.NewGuid(), mine = Guid.NewGuid(), after = Guid.NewGuid();
        store.CommitToGroup(before1, "g", "alice", "before carol joined", Now);
        store.JoinGroup("g", "carol", null, Now);
        store.CommitToGroup(mine, "g", "carol", "carol's own post", Now);
        store.CommitToGroup(after, "g", "bob", "after carol joined", Now);
        store.RenameGroup("g", "team", "alice");

        StoredHistoryPage carol = store.GroupPage("carol", "team", 0, 10, NoByteLimit);
        Assert.Equal(ChatErrorCode.None, carol.Code);
        Assert.Equal([(3UL, after, false, "bob"), (2UL, mine, true, "carol")], carol.Entries.Select(e => (e.Position, e.MessageId, e.Outgoing, e.From)));
        Assert.Equal(0UL, carol.NextBefore);

        StoredHistoryPage alice = store.GroupPage("alice", "team", 0, 2, NoByteLimit);
        Assert.Equal([3UL, 2UL], alice.Entries.Select(e => e.Position));
        Assert.Equal(2UL, alice.NextBefore);
        HistoryEntry oldest = Assert.Single(store.GroupPage("alice", "team", alice.NextBefore, 2, NoByteLimit).Entries);
        Assert.Equal((before1, true, "before carol joined"), (oldest.MessageId, oldest.Outgoing, oldest.Text));

        Assert.Equal(ChatErrorCode.UnknownGroup, store.GroupPage("alice", "g", 0, 10, NoByteLimit).Code);
        Assert.Equal(ChatErrorCode.NotGroupMember, store.GroupPage("mallory", "team", 0, 10, NoByteLimit).Code);
    }

    [Fact]
    public void A_database_from_before_sessions_gets_the_new_tables_and_its_old_group_posts_keep_their_text()
    {
        Guid post = Guid.NewGuid();
        using (SqliteChatStore store = SqliteChatStore.Open(_directory))
        {
            AddUsers(store, "alice", "bob");
            store.CreateGroup("g", "alice", null, Now);
            store.JoinGroup("g", "bob", null, Now);
            store.CommitToGroup(post, "g", "alice", "posted before the upgrade", Now);
        }

        // Make the file look as an older build left it: no session tables, group posts without their text.
        string path = Path.Combine(_directory, SqliteChatStore.FileName);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand downgrade = connection.CreateCommand();
            downgrade.CommandText = """
                DROP TABLE device_cursors; DROP TABLE sent_copies; DROP TABLE presence_choice;
                DROP INDEX messages_read_by_recipient; DROP INDEX messages_by_recipient_group;
                ALTER TABLE group_messages DROP COLUMN body;
                """;
            downgrade.ExecuteNonQuery();
        }

        using SqliteChatStore reopened = SqliteChatStore.Open(_directory);
        HistoryEntry entry = Assert.Single(reopened.GroupPage("alice", "g", 0, 10, NoByteLimit).Entries);
        Assert.Equal((post, "posted before the upgrade"), (entry.MessageId, entry.Text));
        Assert.Equal(1UL, reopened.AppendCopy("alice", post, isGroup: true, originDevice: 1, Now));
        Assert.Equal("posted before the upgrade", Assert.Single(reopened.LogAfter("alice", 0, 10)).Message.Text);
        Assert.Equal(0UL, reopened.OpenDevice("bob", 5, "bob-pc (chat)", Now).Cursor);
    }
}
