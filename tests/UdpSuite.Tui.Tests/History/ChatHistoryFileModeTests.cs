using UdpSuite.Protocol.Chat;
using UdpSuite.Security;
using UdpSuite.Server.Tests.Security;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.History;

namespace UdpSuite.Tui.Tests.History;

/// <summary>
/// The full-screen client's history (conversations in clear) is private whatever the umask: its directory
/// (<c>$XDG_DATA_HOME/udpsuite</c>) 0700, the database, its WAL and shared-memory file 0600, read back with stat
/// after a real history opened and stored a message.
/// </summary>
[Collection(UmaskCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ChatHistoryFileModeTests : IDisposable
{
    private readonly string _dataHome = Directory.CreateTempSubdirectory("udpsuite-history-modes-").FullName;

    public void Dispose() => Directory.Delete(_dataHome, recursive: true);

    [Theory]
    [InlineData("022")]
    [InlineData("277")]
    public void The_history_and_its_directory_are_private_while_open_and_after_closing(string umask)
    {
        string path = ChatHistory.DefaultPath("alice", name => name == "XDG_DATA_HOME" ? _dataHome : null);
        string directory = Path.GetDirectoryName(path)!;
        var message = new ConversationMessage(Guid.NewGuid(), "bob", "alice", "private words", DateTimeOffset.UnixEpoch, outgoing: true, DeliveryState.Sending);
        using (ProcessUmask.Set(umask))
        {
            using (var history = new ChatHistory(path))
            {
                history.Save(message);
                Assert.True(File.Exists(path + "-wal"));
                Assert.True(File.Exists(path + "-shm"));
                AssertPrivate(directory, path);
            }

            AssertPrivate(directory, path);
            using (var reopened = new ChatHistory(path))
            {
                Assert.Equal(message.Id, Assert.Single(reopened.LoadAll()).Id);
            }
        }
    }

    [Fact]
    public void A_history_an_earlier_version_left_readable_is_tightened_at_open()
    {
        string path = Path.Combine(_dataHome, "udpsuite", "history.db");
        var readable = (UnixFileMode)Convert.ToInt32("644", 8);
        using (ProcessUmask.Set("022"))
        {
            using (var history = new ChatHistory(path))
            {
                history.Save(new ConversationMessage(Guid.NewGuid(), "bob", "bob", "hi", DateTimeOffset.UnixEpoch, outgoing: false, DeliveryState.Delivered));
            }

            File.SetUnixFileMode(Path.GetDirectoryName(path)!, (UnixFileMode)Convert.ToInt32("755", 8));
            File.SetUnixFileMode(path, readable);
            using (var reopened = new ChatHistory(path))
            {
                Assert.Single(reopened.LoadAll());
                AssertPrivate(Path.GetDirectoryName(path)!, path);
            }
        }
    }

    private static void AssertPrivate(string directory, string database)
    {
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(directory));
        string[] files = [.. PrivateDatabaseFiles.ExistingFiles(database)];
        Assert.Contains(database, files);
        Assert.All(files, file => Assert.True(PrivateFiles.FileMode == File.GetUnixFileMode(file), $"{file}: {File.GetUnixFileMode(file)}"));
    }
}
