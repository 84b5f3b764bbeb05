using System.Net;

namespace UdpSuite.Server.Chat;

/// <summary>
/// The <see cref="IPEndPoint"/> of a receive address, remembered so that the steady stream of datagrams from known
/// clients costs no allocation (the receive loop reuses one <see cref="SocketAddress"/>; the channel layer compares
/// and keys on endpoints). Bounded: when full it starts over, which costs only re-creating entries. Not thread-safe.
/// </summary>
internal sealed class SourceEndPoints(int capacity = 4096)
{
    private static readonly IPEndPoint V4 = new(IPAddress.Any, 0);
    private static readonly IPEndPoint V6 = new(IPAddress.IPv6Any, 0);
    private readonly Dictionary<SocketAddress, IPEndPoint> _known = [];

    public IPEndPoint Get(SocketAddress address)
    {
        if (_known.TryGetValue(address, out IPEndPoint? endpoint))
        {
            return endpoint;
        }

        if (_known.Count >= capacity)
        {
            _known.Clear();
        }

        // IPEndPoint.Create insists on its own family.
        endpoint = (IPEndPoint)(address.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? V6 : V4).Create(address);
        _known[Sessions.ChatSession.Copy(address)] = endpoint;
        return endpoint;
    }
}
