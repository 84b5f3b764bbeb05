namespace UdpSuite.Client.Tests;

/// <summary>Client files live in udpsuite/client; one of the layout before the split is used where it is.</summary>
public sealed class UserDataDirectoryTests : IDisposable
{
    private readonly string _dataHome = Directory.CreateTempSubdirectory("udpsuite-userdata-").FullName;

    private string? Environment(string name) => name == "XDG_DATA_HOME" ? _dataHome : null;

    [Fact]
    public void Client_files_go_to_udpsuite_client_under_XDG_DATA_HOME()
    {
        ClientFileLocation location = UserDataDirectory.ClientFile(Environment, "history-61.db");
        Assert.Equal(Path.Combine(_dataHome, "udpsuite", "client", "history-61.db"), location.Path);
        Assert.False(location.IsLegacy);
    }

    [Fact]
    public void Without_XDG_DATA_HOME_the_root_is_under_HOME()
    {
        Assert.Equal(Path.Combine("/home/x", ".local", "share", "udpsuite", "client"), UserDataDirectory.Client(name => name == "HOME" ? "/home/x" : null));
    }

    [Fact]
    public void A_file_only_the_earlier_layout_has_is_used_in_place()
    {
        Directory.CreateDirectory(Path.Combine(_dataHome, "udpsuite"));
        string old = Path.Combine(_dataHome, "udpsuite", "history-61.db");
        File.WriteAllBytes(old, []);

        ClientFileLocation location = UserDataDirectory.ClientFile(Environment, "history-61.db");

        Assert.Equal(old, location.Path);
        Assert.True(location.IsLegacy);
    }

    [Fact]
    public void Once_the_client_directory_has_the_file_it_wins()
    {
        Directory.CreateDirectory(Path.Combine(_dataHome, "udpsuite", "client"));
        File.WriteAllBytes(Path.Combine(_dataHome, "udpsuite", "history-61.db"), []);
        File.WriteAllBytes(Path.Combine(_dataHome, "udpsuite", "client", "history-61.db"), []);

        Assert.False(UserDataDirectory.ClientFile(Environment, "history-61.db").IsLegacy);
    }

    public void Dispose() => Directory.Delete(_dataHome, recursive: true);
}
