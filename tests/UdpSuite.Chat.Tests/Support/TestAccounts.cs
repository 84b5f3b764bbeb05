using System.Net;
using UdpSuite.Client.Chat;

namespace UdpSuite.Chat.Tests.Support;

/// <summary>
/// Creating and logging in test users quickly: cheap Argon2id parameters (the test servers' floor, see
/// <see cref="ChatServer"/>) and a known_servers file of the client's own.
/// </summary>
public static class TestAccounts
{
    public static ChatClientOptions FastOptions(TimeSpan? deadline = null) => new()
    {
        PasswordPolicy = ChatClientOptions.TestPasswordPolicy(TestEnvironment.CheapPasswordHash),
        RegistrationParameters = TestEnvironment.CheapPasswordHash,
        KnownServersPath = TestEnvironment.NewPinsPath(),
        HandshakeTimeout = TimeSpan.FromSeconds(20),
        DefaultDeadline = deadline ?? TimeSpan.FromSeconds(30),
    };

    /// <summary>The password used for <paramref name="user"/> in tests: distinctive, so a grep for it cannot match by chance.</summary>
    public static string PasswordOf(string user) => $"pw-{user}-秘密-{user.Length * 7919}";

    /// <summary>Registers <paramref name="user"/> and returns a logged-in client.</summary>
    public static async Task<ChatClient> RegisterAndLoginAsync(IPEndPoint server, string user, ChatClientOptions? options = null)
    {
        var client = new ChatClient(server, options ?? FastOptions());
        try
        {
            await client.RegisterAsync(user, PasswordOf(user));
            await client.LoginAsync(user, PasswordOf(user));
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Registers <paramref name="user"/> without logging in, with OWASP's minimum Argon2id parameters: such accounts are
    /// also used through the udpsuite CLI, which (as shipped) refuses anything weaker.
    /// </summary>
    public static async Task RegisterAsync(IPEndPoint server, string user)
    {
        await using var client = new ChatClient(server, FastOptions() with { RegistrationParameters = Protocol.Security.Passwords.Argon2idParameters.OwaspMinimum });
        await client.RegisterAsync(user, PasswordOf(user));
    }
}
