using System.Management.Automation;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.PowerShell.Tests;

/// <summary>
/// Receive-UdpSuiteMessage takes a backlog in order and confirms each message only after its object was emitted: what
/// a failing pipeline did not take comes again at the next receive.
/// </summary>
[Collection(ChatServerCollection.Name)]
public class ReceiveConfirmationTests(ServerFixture fixture)
{
    private const string Password = "pw 密码 🙂";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_backlog_of_20_comes_in_order_and_once_emitted_is_not_received_again()
    {
        (string bob, List<OutgoingMessage> sent, ChatClient alice) = await BacklogAsync(20);
        await using (alice)
        {
            ScriptRun run = ModuleHost.Run("""
                $bobCred = [pscredential]::new($Bob, [System.Net.NetworkCredential]::new('', $Password).SecurePassword)
                $server = '127.0.0.1:' + $ChatPort
                Receive-UdpSuiteMessage -Credential $bobCred -Count 20 -Server $server -TimeoutMs 30000 -UdpSuitePath $Cli
                Receive-UdpSuiteMessage -Credential $bobCred -Count 1 -Server $server -TimeoutMs 2000 -UdpSuitePath $Cli
                """, fixture.Variables(("Bob", bob), ("Password", Password), ("Cli", ServerProcess.CliPath)));

            Assert.Equal(sent.Select(m => m.Text), run.Output.Select(o => (string)o.Properties["Text"].Value));
            ErrorRecord nothingMore = Assert.Single(run.Errors);
            Assert.StartsWith("UdpSuiteReceiveTimeout", nothingMore.FullyQualifiedErrorId);
            await WaitAllAsync(sent, DeliveryState.Delivered);
        }
    }

    [Fact]
    public async Task A_message_the_pipeline_failed_on_is_not_confirmed_and_comes_again()
    {
        (string bob, List<OutgoingMessage> sent, ChatClient alice) = await BacklogAsync(4);
        await using (alice)
        {
            ScriptRun run = ModuleHost.Run("""
                $bobCred = [pscredential]::new($Bob, [System.Net.NetworkCredential]::new('', $Password).SecurePassword)
                $server = '127.0.0.1:' + $ChatPort
                try {
                    Receive-UdpSuiteMessage -Credential $bobCred -Count 4 -Server $server -TimeoutMs 30000 -UdpSuitePath $Cli |
                        ForEach-Object { if ($_.Text -like '*#3') { throw 'the consumer could not store #3' } else { 'took ' + $_.Text } }
                }
                catch {
                    'failed: ' + $_.Exception.Message
                }
                Receive-UdpSuiteMessage -Credential $bobCred -Count 2 -Server $server -TimeoutMs 30000 -UdpSuitePath $Cli | ForEach-Object { 'again ' + $_.Text }
                """, fixture.Variables(("Bob", bob), ("Password", Password), ("Cli", ServerProcess.CliPath)));

            string[] lines = [.. run.Output.Select(o => o.ToString())];
            Assert.True(run.Errors.Count == 0, run.ErrorText);
            Assert.Equal(
                ["took " + sent[0].Text, "took " + sent[1].Text, "failed: the consumer could not store #3", "again " + sent[2].Text, "again " + sent[3].Text],
                lines);
        }
    }

    /// <summary>A fresh recipient with <paramref name="count"/> messages (CJK, emoji) waiting; the sender stays logged in to see receipts.</summary>
    private async Task<(string Bob, List<OutgoingMessage> Sent, ChatClient Alice)> BacklogAsync(int count)
    {
        string suffix = Guid.NewGuid().ToString("N")[..8];
        string bob = "bob" + suffix;
        var endpoint = fixture.Server.Endpoint("chat");
        var options = new ChatClientOptions { KnownServersPath = Path.Combine(TestSetup.ConfigHome, "udpsuite", "known_servers") };
        await using (var registrar = new ChatClient(endpoint, options))
        {
            await registrar.RegisterAsync(bob, Password);
        }

        var alice = new ChatClient(endpoint, options);
        await alice.RegisterAsync("alice" + suffix, Password);
        await alice.LoginAsync("alice" + suffix, Password);
        var sent = new List<OutgoingMessage>();
        for (int i = 1; i <= count; i++)
        {
            sent.Add(await alice.SendAsync(bob, $"离线 你好 🍜 #{i}"));
        }

        await WaitAllAsync(sent, DeliveryState.Sent);
        return (bob, sent, alice);
    }

    private static async Task WaitAllAsync(IEnumerable<OutgoingMessage> messages, DeliveryState wanted)
    {
        using var limit = new CancellationTokenSource(Limit);
        DeliveryState[] reached = await Task.WhenAll(messages.Select(m => m.WaitForAsync(wanted, limit.Token)));
        Assert.All(reached, state => Assert.Equal(wanted, state));
    }
}
