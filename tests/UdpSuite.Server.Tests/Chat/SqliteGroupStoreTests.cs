using Microsoft.Data.Sqlite;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Tests.Chat;

public sealed class SqliteGroupStoreTests : IDisposable
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 12, 0);
    private static readonly byte[] Code = [1, 2, 3];
    private readonly string _directory = Directory.CreateTempSubdirectory("udpsuite-group-store-test-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Create_join_leave_and_rename_keep_owner_members_and_refusals_straight()
    {
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        Assert.Equal(ChatErrorCode.None, store.CreateGroup("同事们", "alice", Code, Now));
        Assert.Equal(ChatErrorCode.GroupExists, store.CreateGroup("同事们", "bob", null, Now));
        Assert.Equal(ChatErrorCode.BadInviteCode, store.JoinGroup("同事们", "bob", null, Now));
        Assert.Equal(ChatErrorCode.BadInviteCode, store.JoinGroup("同事们", "bob", [9, 9, 9], Now));
        Assert.Equal(ChatErrorCode.UnknownGroup, store.JoinGroup("nope", "bob", Code, Now));
        Assert.Equal(ChatErrorCode.None, store.JoinGroup("同事们", "bob", Code, Now));
        Assert.Equal(ChatErrorCode.None, store.JoinGroup("同事们", "bob", null, Now)); // already a member: harmless
        Assert.Equal(ChatErrorCode.None, store.JoinGroup("同事们", "carol", Code, Now));

        Assert.Equal([new GroupEntry("alice", true, 0), new GroupEntry("bob", false, 0), new GroupEntry("carol", false, 0)], store.GroupMembers("同事们"));
        Assert.Equal([new GroupEntry("同事们", false, 3)], store.GroupsOf("bob"));
        Assert.Equal(["alice", "carol"], store.GroupPeers("bob"));

        Assert.Equal(ChatErrorCode.NotGroupOwner, store.RenameGroup("同事们", "team", "bob"));
        Assert.Equal(ChatErrorCode.NotGroupMember, store.RenameGroup("同事们", "team", "mallory"));
        Assert.Equal(ChatErrorCode.None, store.CreateGroup("other", "carol", null, Now));
        Assert.Equal(ChatErrorCode.GroupExists, store.RenameGroup("同事们", "other", "alice"));
        Assert.Equal(ChatErrorCode.None, store.RenameGroup("同事们", "team", "alice"));
        Assert.Null(store.GroupMembers("同事们"));

        Assert.Equal(ChatErrorCode.NotGroupMember, store.LeaveGroup("team", "mallory"));
        Assert.Equal(ChatErrorCode.None, store.LeaveGroup("team", "alice"));
        Assert.Equal([new GroupEntry("bob", true, 0), new GroupEntry("carol", false, 0)], store.GroupMembers("team"));
        Assert.Equal(ChatErrorCode.None, store.LeaveGroup("team", "bob"));
        Assert.Equal(ChatErrorCode.None, store.LeaveGroup("team", "carol"));
        Assert.Null(store.GroupMembers("team"));
        Assert.Equal(ChatErrorCode.None, store.CreateGroup("team", "mallory", null, Now)); // the last one out freed the name
    }

    [Fact]
    public void A_group_message_is_one_log_entry_and_one_copy_per_other_member_in_each_inbox_in_group_order()
    {
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        store.CreateGroup("g", "alice", null, Now);
        store.JoinGroup("g", "bob", null, Now);
        store.JoinGroup("g", "carol", null, Now);
        store.Commit(Guid.NewGuid(), "dave", "bob", "a 1:1 message first", Now);

        Guid first = Guid.NewGuid();
        Guid second = Guid.NewGuid();
        GroupCommitOutcome one = store.CommitToGroup(first, "g", "alice", "one", Now);
        GroupCommitOutcome two = store.CommitToGroup(second, "g", "bob", "two", Now);
        GroupCommitOutcome again = store.CommitToGroup(first, "g", "alice", "one", Now + Duration.FromSeconds(1));

        Assert.Equal((ChatErrorCode.None, 1UL, false), (one.Status, one.GroupSequence, one.WasDuplicate));
        Assert.Equal(["bob", "carol"], one.Recipients);
        Assert.Equal(2UL, two.GroupSequence);
        Assert.Equal(["alice", "carol"], two.Recipients);
        Assert.Equal((true, 1UL, "alice"), (again.WasDuplicate, again.GroupSequence, again.Sender));
        Assert.Equal(ChatErrorCode.NotGroupMember, store.CommitToGroup(Guid.NewGuid(), "g", "mallory", "x", Now).Status);
        Assert.Equal(ChatErrorCode.UnknownGroup, store.CommitToGroup(Guid.NewGuid(), "nope", "alice", "x", Now).Status);

        IReadOnlyList<StoredMessage> carol = store.Undelivered("carol", 0, 10);
        Assert.Equal(["one", "two"], carol.Select(m => m.Text));
        Assert.Equal([1UL, 2UL], carol.Select(m => m.InboxSequence));
        Assert.Equal(new GroupTag("g", 1, first), carol[0].Group);
        Assert.Equal(GroupCopyId.For(first, "carol"), carol[0].MessageId);
        IReadOnlyList<StoredMessage> bob = store.Undelivered("bob", 0, 10);
        Assert.Equal([(1UL, (GroupTag?)null), (2UL, new GroupTag("g", 1, first))], bob.Select(m => (m.InboxSequence, m.Group)));
        Assert.Empty(store.UnnotifiedReceipts("alice", 10)); // copies never make per-copy receipts
    }

    [Fact]
    public void Counts_rise_with_each_member_and_the_sender_sees_what_it_has_not_acknowledged()
    {
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        store.CreateGroup("g", "alice", null, Now);
        store.JoinGroup("g", "bob", null, Now);
        store.JoinGroup("g", "carol", null, Now);
        Guid id = Guid.NewGuid();
        store.CommitToGroup(id, "g", "alice", "hi", Now);

        Assert.Empty(store.UnnotifiedGroupReceipts("alice", 10));
        store.AdvanceState(GroupCopyId.For(id, "bob"), "bob", DeliveryState.Delivered, Now);
        GroupProgress progress = store.GroupProgress(id)!;
        Assert.Equal((2, 1, 0, 1UL), (progress.Members, progress.Delivered, progress.Read, progress.GroupSequence));
        Assert.Single(store.UnnotifiedGroupReceipts("alice", 10));

        store.MarkGroupSenderNotified(id, progress.Progress);
        Assert.Empty(store.UnnotifiedGroupReceipts("alice", 10));
        store.AdvanceState(GroupCopyId.For(id, "carol"), "carol", DeliveryState.Read, Now);
        GroupProgress later = Assert.Single(store.UnnotifiedGroupReceipts("alice", 10));
        Assert.Equal((2, 1, 3), (later.Delivered, later.Read, later.Progress));
        store.MarkGroupSenderNotified(id, 1); // a late ACK of older counts lowers nothing
        Assert.Single(store.UnnotifiedGroupReceipts("alice", 10));
    }

    [Fact]
    public void Renaming_renames_copies_not_yet_delivered_and_groups_survive_reopening()
    {
        Guid first = Guid.NewGuid();
        using (SqliteChatStore store = SqliteChatStore.Open(_directory))
        {
            store.CreateGroup("old", "alice", null, Now);
            store.JoinGroup("old", "bob", null, Now);
            store.CommitToGroup(first, "old", "alice", "one", Now);
            store.CommitToGroup(Guid.NewGuid(), "old", "alice", "two", Now);
            store.AdvanceState(GroupCopyId.For(first, "bob"), "bob", DeliveryState.Delivered, Now);
            Assert.Equal(ChatErrorCode.None, store.RenameGroup("old", "new", "alice"));
        }

        using SqliteChatStore reopened = SqliteChatStore.Open(_directory);
        StoredMessage pending = Assert.Single(reopened.Undelivered("bob", 0, 10));
        Assert.Equal(("two", "new", 2UL), (pending.Text, pending.Group!.Name, pending.Group.Sequence));
        Assert.Equal(3UL, reopened.CommitToGroup(Guid.NewGuid(), "new", "bob", "three", Now).GroupSequence);
    }

    [Fact]
    public void A_database_from_before_groups_gets_the_copy_columns_and_keeps_its_messages()
    {
        string path = Path.Combine(_directory, SqliteChatStore.FileName);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE messages (row_id INTEGER PRIMARY KEY, message_id BLOB NOT NULL UNIQUE, sender TEXT NOT NULL, recipient TEXT NOT NULL,
                    inbox_seq INTEGER NOT NULL, body TEXT NOT NULL, committed_at INTEGER NOT NULL, state INTEGER NOT NULL, state_at INTEGER NOT NULL,
                    sender_notified_state INTEGER NOT NULL DEFAULT 0, UNIQUE (recipient, inbox_seq));
                INSERT INTO messages (message_id, sender, recipient, inbox_seq, body, committed_at, state, state_at) VALUES (x'00112233445566778899aabbccddeeff', 'a', 'b', 1, 'old', 0, 1, 0);
                """;
            create.ExecuteNonQuery();
        }

        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        StoredMessage old = Assert.Single(store.Undelivered("b", 0, 10));
        Assert.Equal(("old", (GroupTag?)null), (old.Text, old.Group));
        store.CreateGroup("g", "a", null, Now);
        store.JoinGroup("g", "b", null, Now);
        store.CommitToGroup(Guid.NewGuid(), "g", "a", "new", Now);
        Assert.Equal(["old", "new"], store.Undelivered("b", 0, 10).Select(m => m.Text));
    }

    [Fact]
    public void A_group_holds_at_most_256_members()
    {
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        store.CreateGroup("big", "m000", null, Now);
        for (int k = 1; k < GroupWire.MaxMembers; k++)
        {
            Assert.Equal(ChatErrorCode.None, store.JoinGroup("big", $"m{k:D3}", null, Now));
        }

        Assert.Equal(ChatErrorCode.GroupFull, store.JoinGroup("big", "one-too-many", null, Now));
        Assert.Equal(GroupWire.MaxMembers, store.GroupMembers("big")!.Count);
    }
}
