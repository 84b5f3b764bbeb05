using System.Net;

namespace UdpSuite.Server.Tests.Handlers;

internal static class TestAddresses
{
    public static SocketAddress Of(string address, int port = 40000) => new IPEndPoint(IPAddress.Parse(address), port).Serialize();
}
