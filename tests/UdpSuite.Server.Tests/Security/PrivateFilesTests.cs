using System.Text;
using UdpSuite.Security;

namespace UdpSuite.Server.Tests.Security;

/// <summary>
/// Modes read back from the file system. The test process runs under the usual umask 022 (which would give 0755 and
/// 0644); <see cref="ServerKeyCommandTests"/> covers a umask of 000 in a child process.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests
{
    [Fact]
    public void New_directories_and_their_missing_parents_are_0700()
    {
        using var temp = new TemporaryDirectory();
        string nested = Path.Combine(temp.Path, "a", "b", "c");
        PrivateFiles.EnsureDirectory(nested);
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(nested));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.Combine(temp.Path, "a")));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.Combine(temp.Path, "a", "b")));
    }

    [Fact]
    public void An_existing_open_directory_is_tightened_to_0700()
    {
        using var temp = new TemporaryDirectory();
        File.SetUnixFileMode(temp.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        PrivateFiles.EnsureDirectory(temp.Path);
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(temp.Path));
    }

    /// <summary>A history or data file put straight into /tmp once made /tmp 0700 and locked apt's sandbox user out.</summary>
    [Fact]
    public void A_shared_sticky_directory_like_tmp_is_left_as_it_is()
    {
        using var temp = new TemporaryDirectory();
        var shared = (UnixFileMode)Convert.ToInt32("1777", 8);
        File.SetUnixFileMode(temp.Path, shared);

        PrivateFiles.EnsureDirectory(temp.Path);

        Assert.Equal(shared, File.GetUnixFileMode(temp.Path));
    }

    [Fact]
    public void Atomic_write_creates_0600_replaces_content_and_leaves_no_temporary_file()
    {
        using var temp = new TemporaryDirectory();
        string path = Path.Combine(temp.Path, "pins");
        PrivateFiles.WriteAllBytesAtomically(path, "one"u8);
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(path));
        PrivateFiles.WriteAllBytesAtomically(path, "two"u8);
        Assert.Equal("two", File.ReadAllText(path, Encoding.UTF8));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Create_never_replaces_an_existing_file()
    {
        using var temp = new TemporaryDirectory();
        string path = Path.Combine(temp.Path, "key");
        Assert.True(PrivateFiles.TryCreateAtomically(path, "first"u8));
        Assert.False(PrivateFiles.TryCreateAtomically(path, "second"u8));
        Assert.Equal("first", File.ReadAllText(path, Encoding.UTF8));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Restrict_and_the_others_check_read_the_real_mode()
    {
        using var temp = new TemporaryDirectory();
        string path = Path.Combine(temp.Path, "chat.db-wal");
        File.WriteAllText(path, "x");
        Assert.True(PrivateFiles.IsAccessibleToOthers(path));
        PrivateFiles.Restrict(path);
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(path));
        Assert.False(PrivateFiles.IsAccessibleToOthers(path));
    }
}
