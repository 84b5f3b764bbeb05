using UdpSuite.Server.Hosting;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Server.Tests.Hosting;

/// <summary>The server's state goes to udpsuite/server, apart from the client's files; an older layout is used in place with a note.</summary>
public sealed class ServerDataDirectoryTests : IDisposable
{
    private readonly string _localData = Directory.CreateTempSubdirectory("udpsuite-localdata-").FullName;

    [Fact]
    public void The_default_is_udpsuite_server_under_the_local_data_directory()
    {
        ServerDataDirectory resolved = ServerDataDirectory.Resolve(null, _localData);
        Assert.Equal(Path.Combine(_localData, "udpsuite", "server"), resolved.Path);
        Assert.Null(resolved.LegacyNote);
    }

    [Fact]
    public void A_configured_directory_wins()
    {
        Assert.Equal("/srv/chat", ServerDataDirectory.Resolve(" /srv/chat ", _localData).Path);
    }

    [Theory]
    [InlineData("chat.db")]
    [InlineData("server.key")]
    public void State_of_the_earlier_layout_is_used_in_place_with_a_note_saying_how_to_move_it(string file)
    {
        Directory.CreateDirectory(Path.Combine(_localData, "udpsuite"));
        File.WriteAllBytes(Path.Combine(_localData, "udpsuite", file), []);

        ServerDataDirectory resolved = ServerDataDirectory.Resolve(null, _localData);

        Assert.Equal(Path.Combine(_localData, "udpsuite"), resolved.Path);
        Assert.NotNull(resolved.LegacyNote);
        Assert.Contains(Path.Combine(_localData, "udpsuite", "server"), resolved.LegacyNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Once_the_new_directory_has_state_the_old_one_is_ignored()
    {
        Directory.CreateDirectory(Path.Combine(_localData, "udpsuite", "server"));
        File.WriteAllBytes(Path.Combine(_localData, "udpsuite", "chat.db"), []);
        File.WriteAllBytes(Path.Combine(_localData, "udpsuite", "server", "chat.db"), []);

        ServerDataDirectory resolved = ServerDataDirectory.Resolve(null, _localData);

        Assert.Equal(Path.Combine(_localData, "udpsuite", "server"), resolved.Path);
        Assert.Null(resolved.LegacyNote);
    }

    [Fact]
    public async Task The_server_process_keeps_its_state_under_XDG_DATA_HOME_udpsuite_server()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(
            ServerProcess.EphemeralLoopbackArguments,
            new Dictionary<string, string> { ["UDPSUITE_Server__DataDirectory"] = string.Empty, ["XDG_DATA_HOME"] = _localData, ["HOME"] = _localData });

        Assert.True(File.Exists(Path.Combine(_localData, "udpsuite", "server", "chat.db")), server.StandardError);
        Assert.True(File.Exists(Path.Combine(_localData, "udpsuite", "server", "server.key")), server.StandardError);
        Assert.DoesNotContain("earlier layout", server.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_process_reads_an_earlier_layout_in_place_and_says_so()
    {
        string old = Path.Combine(_localData, "udpsuite");
        await using (ServerProcess first = await ServerProcess.StartAsync(
            [.. ServerProcess.EphemeralLoopbackArguments, "--data-dir", old]))
        {
            Assert.True(File.Exists(Path.Combine(old, "server.key")), first.StandardError);
        }

        await using ServerProcess server = await ServerProcess.StartAsync(
            ServerProcess.EphemeralLoopbackArguments,
            new Dictionary<string, string> { ["UDPSUITE_Server__DataDirectory"] = string.Empty, ["XDG_DATA_HOME"] = _localData, ["HOME"] = _localData });

        Assert.False(Directory.Exists(Path.Combine(old, "server")));
        for (int i = 0; i < 100 && !server.StandardError.Contains("earlier layout", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100); // stderr is read asynchronously
        }

        Assert.Contains("earlier layout", server.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_localData, recursive: true);
}
