using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Tests.Chat;

public sealed class SqliteChatStoreTests : IDisposable
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 12, 0);
    private readonly string _directory = Directory.CreateTempSubdirectory("udpsuite-store-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Accounts_messages_and_states_survive_closing_and_reopening()
    {
        Guid first = Guid.NewGuid();
        Guid second = Guid.NewGuid();
        PasswordVerifier verifier = TestVerifiers.Create("pw");
        byte[] secret;
        using (SqliteChatStore store = SqliteChatStore.Open(_directory))
        {
            Assert.True(store.TryAddUser("bob", verifier, Now));
            Assert.False(store.TryAddUser("bob", verifier, Now));
            Assert.Equal(1UL, store.Commit(first, "alice", "bob", "one", Now).Message.InboxSequence);
            Assert.Equal(2UL, store.Commit(second, "alice", "bob", "two 武大郎", Now).Message.InboxSequence);
            Assert.NotNull(store.AdvanceState(first, "bob", DeliveryState.Delivered, Now));
            secret = store.ServerSecret();
        }

        using (SqliteChatStore reopened = SqliteChatStore.Open(_directory))
        {
            PasswordVerifier? found = reopened.FindUser("bob")?.Verifier;
            Assert.NotNull(found);
            Assert.Equal(verifier.Salt, found.Salt);
            Assert.Equal(verifier.Parameters, found.Parameters);
            Assert.Equal(verifier.StoredKey, found.StoredKey);
            Assert.Equal(verifier.ServerKey, found.ServerKey);
            StoredMessage pending = Assert.Single(reopened.Undelivered("bob", 0, 10));
            Assert.Equal((second, 2UL, "two 武大郎", Now), (pending.MessageId, pending.InboxSequence, pending.Text, pending.CommittedAt));
            Assert.Equal(3UL, reopened.Commit(Guid.NewGuid(), "carol", "bob", "three", Now).Message.InboxSequence);
            Assert.Equal(secret, reopened.ServerSecret());
        }
    }

    [Fact]
    public void A_duplicate_commit_returns_the_stored_message_and_changes_nothing()
    {
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        Guid id = Guid.NewGuid();
        CommitOutcome first = store.Commit(id, "alice", "bob", "hi", Now);
        CommitOutcome again = store.Commit(id, "alice", "bob", "hi", Now + Duration.FromSeconds(5));

        Assert.False(first.WasDuplicate);
        Assert.True(again.WasDuplicate);
        Assert.Equal((first.Message.InboxSequence, first.Message.CommittedAt), (again.Message.InboxSequence, again.Message.CommittedAt));
        Assert.Single(store.Undelivered("bob", 0, 10));
    }

    [Fact]
    public void States_only_rise_only_the_recipient_may_raise_them_and_the_sender_sees_what_it_has_not_acknowledged()
    {
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        Guid id = Guid.NewGuid();
        store.Commit(id, "alice", "bob", "hi", Now);

        Assert.Null(store.AdvanceState(id, "mallory", DeliveryState.Read, Now));
        Assert.NotNull(store.AdvanceState(id, "bob", DeliveryState.Read, Now));
        Assert.Null(store.AdvanceState(id, "bob", DeliveryState.Delivered, Now));

        Assert.Equal(DeliveryState.Read, Assert.Single(store.UnnotifiedReceipts("alice", 10)).State);
        store.MarkSenderNotified(id, DeliveryState.Read);
        Assert.Empty(store.UnnotifiedReceipts("alice", 10));
    }

    [Fact]
    public void A_corrupt_file_is_a_store_error_naming_the_file()
    {
        File.WriteAllBytes(Path.Combine(_directory, SqliteChatStore.FileName), Enumerable.Repeat((byte)0x5A, 8192).ToArray());

        var error = Assert.Throws<ChatStoreException>(() => SqliteChatStore.Open(_directory));
        Assert.Contains(SqliteChatStore.FileName, error.Message);
    }

    [Fact]
    public void The_database_runs_in_wal_mode()
    {
        using (SqliteChatStore store = SqliteChatStore.Open(_directory))
        {
            store.Commit(Guid.NewGuid(), "alice", "bob", "hi", Now);
            Assert.True(File.Exists(Path.Combine(_directory, SqliteChatStore.FileName + "-wal")));
        }
    }

    [Fact]
    public void Messages_commit_with_full_sync_even_after_a_relaxed_state_update()
    {
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        Guid id = Guid.NewGuid();
        store.Commit(id, "alice", "bob", "hi", Now);
        store.MarkSenderNotified(id, DeliveryState.Sent);

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, SqliteChatStore.FileName)};Pooling=False");
        connection.Open();
        Assert.Equal("wal", Query(connection, "PRAGMA journal_mode;"));
        Assert.Equal(2L, store.SynchronousSetting); // 2 = FULL
    }

    private static object? Query(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public void CommitAll_stores_a_list_in_order_with_dense_sequences_and_nothing_when_one_of_it_fails()
    {
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        Guid first = Guid.NewGuid(), second = Guid.NewGuid();
        IReadOnlyList<CommitOutcome> outcomes = store.CommitAll(
        [
            new CommitRequest(first, "alice", "bob", "one", Now),
            new CommitRequest(second, "carol", "bob", "two", Now),
            new CommitRequest(first, "alice", "bob", "one", Now), // a retransmission inside the same batch
        ]);
        Assert.Equal([(1UL, false), (2UL, false), (1UL, true)], outcomes.Select(o => (o.Message.InboxSequence, o.WasDuplicate)));

        Guid third = Guid.NewGuid();
        Assert.Throws<ChatStoreException>(() => store.CommitAll(
        [
            new CommitRequest(third, "alice", "bob", "three", Now),
            new CommitRequest(Guid.NewGuid(), "alice", "bob", null!, Now), // NOT NULL violation: the whole list fails
        ]));
        Assert.Equal(["one", "two"], store.Undelivered("bob", 0, 10).Select(m => m.Text));
        Assert.Equal(3UL, store.Commit(third, "alice", "bob", "three", Now).Message.InboxSequence);
    }
}
