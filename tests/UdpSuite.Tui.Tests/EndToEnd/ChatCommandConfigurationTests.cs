using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Tui.Tests.EndToEnd;

/// <summary><c>udpsuite chat</c> refuses a configuration value it cannot honour before any screen opens (exit 2, naming the setting).</summary>
public sealed class ChatCommandConfigurationTests
{
    [Fact]
    public async Task An_unknown_notification_switch_is_exit_2_naming_the_setting()
    {
        string home = Directory.CreateTempSubdirectory("udpsuite-notify-").FullName;
        try
        {
            (int exitCode, string stdout, string stderr) = await ServerProcess.RunToExitAsync(
                ["chat", "--user", "alice", "--server", "127.0.0.1:9", "--contacts", Path.Combine(AppContext.BaseDirectory, "contacts.json")],
                TimeSpan.FromSeconds(60),
                new Dictionary<string, string>
                {
                    ["HOME"] = home,
                    ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
                    ["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share"),
                    ["UDPSUITE_Chat__Notify"] = "desktop",
                });

            Assert.True(exitCode == 2, $"exit {exitCode}: {stdout}{stderr}");
            Assert.Contains("Chat:Notify (client.json or UDPSUITE_Chat__Notify): 'desktop' is not off, osc777 or osc9", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
