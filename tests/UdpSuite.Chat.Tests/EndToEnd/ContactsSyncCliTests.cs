using UdpSuite.Chat.Tests.Support;

namespace UdpSuite.Chat.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class ContactsSyncCliTests
{
    [Fact]
    public async Task Sync_without_a_personal_address_book_says_so_and_never_reads_the_shipped_sample()
    {
        // A fresh user: no ~/.config/udpsuite/contacts.json. The sample next to the binary names accounts that do not
        // exist on the user's server, so sync must stop before any network traffic (the server address is never used).
        using var home = new TemporaryDirectory();
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = home.Path,
            ["XDG_CONFIG_HOME"] = Path.Combine(home.Path, ".config"),
            ["XDG_DATA_HOME"] = Path.Combine(home.Path, ".local", "share"),
            ["UDPSUITE_PASSWORD"] = "unused password",
        };

        var sync = await CliProcess.RunAsync(["contacts", "sync", "--server", "127.0.0.1:9", "--user", "alice"], environment, TimeSpan.FromSeconds(60));

        Assert.Equal(2, sync.ExitCode);
        Assert.Contains($"no address book at {Path.Combine(home.Path, ".config", "udpsuite", "contacts.json")}", sync.StandardError);
        Assert.Contains("--contacts FILE", sync.StandardError);
        Assert.Empty(sync.StandardOutput);
    }
}
