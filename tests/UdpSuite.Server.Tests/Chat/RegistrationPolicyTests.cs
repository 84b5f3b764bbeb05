using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Chat.Login;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>Issue 19, item 1 (the open and closed policies; invitations are not built): REGISTER against a real socket.</summary>
public sealed class RegistrationPolicyTests
{
    [Fact]
    public async Task A_closed_server_refuses_every_REGISTER_and_existing_accounts_still_log_in()
    {
        string directory = Directory.CreateTempSubdirectory("udpsuite-registration-").FullName;
        try
        {
            await using (var open = ChatTestServer.Start(directory))
            {
                using var alice = new ChatTestPeer(open.Endpoint, "alice");
                Assert.Null(await alice.RegisterAsync("pw"));
            }

            await using var closed = ChatTestServer.Start(directory, new ChatRelayLimits { Registration = RegistrationPolicy.Closed });
            using var mallory = new ChatTestPeer(closed.Endpoint, "mallory");
            using var existing = new ChatTestPeer(closed.Endpoint, "alice");

            Assert.Equal(ChatErrorCode.RegistrationClosed, await mallory.RegisterAsync("pw"));
            Assert.Null(closed.Store.FindUser("mallory"));
            Assert.True(closed.Counters.Get(ChatEvents.RegisterRefused) >= 1);
            Assert.Null(await existing.LoginAsync("pw"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_default_is_open() => Assert.Equal(RegistrationPolicy.Open, new ChatRelayLimits().Registration);
}
