using NodaTime;
using UdpSuite.Security;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Tests.Security;

/// <summary>
/// The chat store's directory is 0700 and chat.db, its WAL and its shared-memory file are 0600 whatever the umask:
/// modes read back with stat after a real store opened and wrote.
/// </summary>
[Collection(UmaskCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ChatStoreFileModeTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 12, 0);
    private static readonly UnixFileMode WorldReadable = (UnixFileMode)Convert.ToInt32("644", 8);

    [Theory]
    [InlineData("022")] // the usual umask: files 0644 and directories 0755 without the store's care
    [InlineData("000")]
    [InlineData("277")] // takes even the owner's write bit away from new files
    public void A_new_store_is_private_while_open_and_after_closing(string umask)
    {
        using var temp = new TemporaryDirectory();
        string dataDirectory = Path.Combine(temp.Path, "data", "udpsuite");
        string database = Path.Combine(dataDirectory, SqliteChatStore.FileName);
        using (ProcessUmask.Set(umask))
        {
            using (SqliteChatStore store = SqliteChatStore.Open(dataDirectory))
            {
                store.Commit(Guid.NewGuid(), "alice", "bob", "hi", Now);
                Assert.True(File.Exists(database + "-wal"));
                Assert.True(File.Exists(database + "-shm"));
                AssertPrivate(dataDirectory, database);
            }

            AssertPrivate(dataDirectory, database);
            using (SqliteChatStore reopened = SqliteChatStore.Open(dataDirectory))
            {
                Assert.Single(reopened.Undelivered("bob", 0, 10));
                AssertPrivate(dataDirectory, database);
            }
        }
    }

    [Fact]
    public void A_store_an_earlier_version_left_readable_is_tightened_at_open()
    {
        using var temp = new TemporaryDirectory();
        string database = Path.Combine(temp.Path, SqliteChatStore.FileName);
        using (ProcessUmask.Set("022"))
        {
            using (SqliteChatStore store = SqliteChatStore.Open(temp.Path))
            {
                store.Commit(Guid.NewGuid(), "alice", "bob", "hi", Now);
            }

            File.SetUnixFileMode(temp.Path, (UnixFileMode)Convert.ToInt32("755", 8));
            foreach (string file in PrivateDatabaseFiles.ExistingFiles(database))
            {
                File.SetUnixFileMode(file, WorldReadable);
            }

            File.WriteAllBytes(database + "-shm", []); // a leftover of a killed process, 0644 under this umask
            Assert.Equal(WorldReadable, File.GetUnixFileMode(database + "-shm"));

            using (SqliteChatStore reopened = SqliteChatStore.Open(temp.Path))
            {
                reopened.Commit(Guid.NewGuid(), "alice", "bob", "again", Now);
                Assert.Equal(2, reopened.Undelivered("bob", 0, 10).Count);
                AssertPrivate(temp.Path, database);
            }
        }
    }

    private static void AssertPrivate(string directory, string database)
    {
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(directory));
        string[] files = [.. PrivateDatabaseFiles.ExistingFiles(database)];
        Assert.Contains(database, files);
        Assert.All(files, file => Assert.True(PrivateFiles.FileMode == File.GetUnixFileMode(file), $"{file}: {File.GetUnixFileMode(file)}"));
        Assert.All(Directory.GetFiles(directory), file => Assert.False(PrivateFiles.IsAccessibleToOthers(file), file));
    }
}
