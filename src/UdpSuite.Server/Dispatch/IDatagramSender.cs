using System.Net;

namespace UdpSuite.Server.Dispatch;

/// <summary>
/// Sends datagrams the server starts itself (deliveries, retransmissions, forwarded receipts) from a listener's
/// socket, so they come from the port clients talk to. Thread-safe; never throws for network errors.
/// </summary>
public interface IDatagramSender
{
    /// <summary>Sends <paramref name="datagram"/> to <paramref name="remote"/>; false when the socket refused it (counted and dropped).</summary>
    bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote);
}
