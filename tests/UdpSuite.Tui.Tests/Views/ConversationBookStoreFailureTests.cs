using Microsoft.Data.Sqlite;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.History;

namespace UdpSuite.Tui.Tests.Views;

public sealed class ConversationBookStoreFailureTests
{
    [Fact]
    public void A_message_the_history_could_not_store_is_not_taken_for_a_duplicate_when_it_comes_again()
    {
        string path = Path.Combine(Path.GetTempPath(), $"udpsuite-history-{Guid.NewGuid():N}.db");
        try
        {
            using var history = new ChatHistory(path);
            var book = new ConversationBook(history);
            var message = new ConversationMessage(Guid.NewGuid(), "alice", "alice", "你好", DateTimeOffset.UtcNow, outgoing: false, DeliveryState.Delivered);

            // A second connection makes every insert fail, as a full or broken disk would.
            using (var saboteur = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                saboteur.Open();
                using SqliteCommand refuse = saboteur.CreateCommand();
                refuse.CommandText = "CREATE TRIGGER refuse BEFORE INSERT ON messages BEGIN SELECT RAISE(ABORT, 'disk full'); END;";
                refuse.ExecuteNonQuery();
                Assert.Throws<SqliteException>(() => book.Add(message, unread: true));
                refuse.CommandText = "DROP TRIGGER refuse;";
                refuse.ExecuteNonQuery();
            }

            Assert.Empty(book.With("alice"));
            Assert.Equal(0, book.Unread("alice"));
            Assert.True(book.Add(message, unread: true)); // new, so the caller stores it before confirming it
            Assert.Equal(message.Id, Assert.Single(history.LoadAll()).Id);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (string file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
