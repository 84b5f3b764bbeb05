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
    public static Task<ServerProcess> StartAsync(string dataDirectory, int chatPort = 0) =>
        ServerProcess.StartAsync(
            [.. ServerProcess.EphemeralLoopbackArguments, "--chat-port", chatPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDirectory],
            expectedListeners: ["chat"]);

    /// <summary>The chat listener's endpoint.</summary>
    public static IPEndPoint ChatEndpoint(this ServerProcess server) => server.Endpoint("chat");
}
