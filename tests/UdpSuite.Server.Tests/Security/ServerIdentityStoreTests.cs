using UdpSuite.Security;
using UdpSuite.Server.Security;

namespace UdpSuite.Server.Tests.Security;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ServerIdentityStoreTests
{
    [Fact]
    public void First_start_creates_a_private_key_and_later_starts_load_the_same_key()
    {
        using var temp = new TemporaryDirectory();
        string dataDirectory = Path.Combine(temp.Path, "data");
        string fingerprint;
        using (ServerIdentity created = ServerIdentityStore.LoadOrCreate(dataDirectory))
        {
            Assert.True(created.Created);
            Assert.Equal(Path.Combine(dataDirectory, ServerIdentityStore.FileName), created.Path);
            Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(created.Path));
            Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(dataDirectory));
            Assert.StartsWith("SHA256:", created.Fingerprint.ToString());
            fingerprint = created.Fingerprint.ToString();
        }

        using ServerIdentity loaded = ServerIdentityStore.LoadOrCreate(dataDirectory);
        Assert.False(loaded.Created);
        Assert.Equal(fingerprint, loaded.Fingerprint.ToString());
    }

    [Theory]
    [InlineData("garbage\n", "not one line")]
    [InlineData("udpsuite-server-key-v1 AAAA\n", "not base64 of 32 bytes")]
    [InlineData("udpsuite-server-key-v1 !!!!\n", "not base64 of 32 bytes")]
    [InlineData("", "not one line")]
    public void A_corrupt_key_file_is_a_clear_error_and_is_left_untouched(string content, string reason)
    {
        using var temp = new TemporaryDirectory();
        string path = Path.Combine(temp.Path, ServerIdentityStore.FileName);
        PrivateFiles.WriteAllBytesAtomically(path, System.Text.Encoding.ASCII.GetBytes(content));
        ServerKeyException error = Assert.Throws<ServerKeyException>(() => ServerIdentityStore.LoadOrCreate(temp.Path));
        Assert.Contains(path, error.Message);
        Assert.Contains(reason, error.Message);
        Assert.Equal(content, File.ReadAllText(path));
    }

    [Fact]
    public void A_huge_file_is_refused_without_reading_it_whole()
    {
        using var temp = new TemporaryDirectory();
        string path = Path.Combine(temp.Path, ServerIdentityStore.FileName);
        PrivateFiles.WriteAllBytesAtomically(path, new byte[1 << 20]);
        ServerKeyException error = Assert.Throws<ServerKeyException>(() => ServerIdentityStore.LoadOrCreate(temp.Path));
        Assert.Contains("too long", error.Message);
    }

    [Fact]
    public void An_unreadable_key_path_is_a_clear_error()
    {
        // Tests may run as root, which reads any mode: a directory in the key's place is unreadable for everyone.
        using var temp = new TemporaryDirectory();
        string path = Path.Combine(temp.Path, ServerIdentityStore.FileName);
        Directory.CreateDirectory(path);
        ServerKeyException error = Assert.Throws<ServerKeyException>(() => ServerIdentityStore.LoadOrCreate(temp.Path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_key_file_other_users_can_read_is_refused_like_sshd_does()
    {
        using var temp = new TemporaryDirectory();
        string path;
        using (ServerIdentity created = ServerIdentityStore.LoadOrCreate(temp.Path))
        {
            path = created.Path;
        }

        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("644", 8));
        ServerKeyException error = Assert.Throws<ServerKeyException>(() => ServerIdentityStore.LoadOrCreate(temp.Path));
        Assert.Contains("chmod 600", error.Message);
    }
}
