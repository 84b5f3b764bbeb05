using Microsoft.Data.Sqlite;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>A chat.db written by protocol version 1 (PBKDF2 verifiers): accounts must register again, messages stay.</summary>
public sealed class VersionOneDatabaseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("udpsuite-v1-db-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_version_1_account_is_told_to_register_again_and_registering_keeps_its_messages()
    {
        CreateVersionOneDatabase();
        await using (var server = ChatTestServer.Start(dataDirectory: _directory))
        {
            Assert.Contains(server.Log, line => line.Contains("1 chat accounts were created by protocol version 1", StringComparison.Ordinal));
            using var bob = new ChatTestPeer(server.Endpoint, "bob");

            Assert.Equal(ChatErrorCode.ReRegistrationRequired, await bob.LoginAsync("old password"));
            Assert.True(server.Store.FindUser("bob")!.NeedsReRegistration);

            Assert.Null(await bob.RegisterAsync("new password"));
            Assert.Null(await bob.LoginAsync("new password"));
            server.Tick();
            Assert.True(await bob.WaitForAsync(() => bob.Deliveries.Count == 1));
            Assert.Equal("kept from version 1", bob.Deliveries[0].Text);
        }
    }

    /// <summary>The version-1 schema of <c>users</c> (no kdf column) with one account, and a message waiting for it.</summary>
    private void CreateVersionOneDatabase()
    {
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, SqliteChatStore.FileName)}"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE users (name TEXT PRIMARY KEY, salt BLOB NOT NULL, iterations INTEGER NOT NULL,
                    stored_key BLOB NOT NULL, server_key BLOB NOT NULL, created INTEGER NOT NULL);
                INSERT INTO users VALUES ('bob', zeroblob(16), 600000, zeroblob(32), zeroblob(32), 0);
                """;
            create.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        using SqliteChatStore store = SqliteChatStore.Open(_directory);
        store.Commit(Guid.NewGuid(), "alice", "bob", "kept from version 1", NodaTime.Instant.FromUnixTimeSeconds(1));
    }
}
