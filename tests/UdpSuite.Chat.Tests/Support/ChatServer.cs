using System.Net;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Chat.Tests.Support;

/// <summary>Starts the real <c>udpsuite server</c> with its chat listener on loopback and a given data directory.</summary>
public static class ChatServer
{
    /// <summary>
    /// Starts a server whose chat listener binds <paramref name="chatPort"/> (0 = ephemeral) and stores under
    /// <paramref name="dataDirectory"/>; every other listener gets an ephemeral port.
    /// </summary>
    public static Task<ServerProcess> StartAsync(string dataDirectory, int chatPort = 0)
    {
        List<string> arguments = [.. ServerProcess.EphemeralLoopbackArguments];
        int chat = arguments.IndexOf("--chat-port");
        if (chat < 0)
        {
            arguments.AddRange(["--chat-port", "0"]);
            chat = arguments.Count - 2;
        }

        arguments[chat + 1] = chatPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        arguments.AddRange(["--data-dir", dataDirectory]);
        return ServerProcess.StartAsync(arguments, CheapPasswordHashEnvironment, expectedListeners: ["chat"]);
    }

    /// <summary>
    /// The server's Argon2id floor for REGISTER and the parameters it shows for unknown names: cheap, so the many logins
    /// of the tests stay fast (in-process clients accept them through <see cref="TestAccounts.FastOptions"/>; the CLI
    /// registers with OWASP's minimum, which is above this floor).
    /// </summary>
    public static IReadOnlyDictionary<string, string> CheapPasswordHashEnvironment { get; } = new Dictionary<string, string>
    {
        ["UDPSUITE_Chat__PasswordHashMemoryKiB"] = TestEnvironment.CheapPasswordHash.MemoryKiB.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["UDPSUITE_Chat__PasswordHashIterations"] = TestEnvironment.CheapPasswordHash.Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The chat listener's endpoint.</summary>
    public static IPEndPoint ChatEndpoint(this ServerProcess server) => server.Endpoint("chat");
}
