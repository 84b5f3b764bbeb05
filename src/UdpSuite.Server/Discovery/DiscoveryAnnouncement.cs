using System.Net;
using UdpSuite.Protocol.Discovery;
using UdpSuite.Server.Handlers;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Server.Discovery;

/// <summary>Builds the discovery answer from the listeners as they are really bound (ports chosen by the OS included).</summary>
public static class DiscoveryAnnouncement
{
    /// <summary>
    /// The answer for <paramref name="serverName"/> and <paramref name="listeners"/>: one endpoint per known listener
    /// (discovery itself and unknown ones are left out); the address is omitted ("where you reached me") when the
    /// listeners are bound to every address. <paramref name="serverKey"/> is the chat server's X25519 public key
    /// (<c>ServerIdentity</c>), the key its handshakes prove.
    /// </summary>
    public static DiscoveryAnswer From(string serverName, IEnumerable<BoundListener> listeners, ReadOnlySpan<byte> serverKey)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        var endpoints = new List<DiscoveryEndpoint>();
        IPAddress? address = null;
        foreach (BoundListener listener in listeners)
        {
            if (KindOf(listener.Name) is { } kind)
            {
                endpoints.Add(new DiscoveryEndpoint(kind, (ushort)listener.LocalEndPoint.Port));
                address ??= listener.LocalEndPoint.Address;
            }
        }

        if (address is not null && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
        {
            address = null;
        }

        return new DiscoveryAnswer(0, serverName, address, endpoints, serverKey.ToArray());
    }

    /// <summary>The server's name as announced: <see cref="Hosting.ServerName.From"/>, cut to 64 UTF-8 bytes.</summary>
    public static string ServerName(ServerOptions options)
    {
        string name = DiscoveryCodec.TruncateUtf8(Hosting.ServerName.From(options).Value, DiscoveryWire.MaxServerNameBytes);
        return name.Length == 0 ? "udpsuite" : name;
    }

    private static DiscoveryEndpointKind? KindOf(string listener) => listener switch
    {
        ListenerNames.Chat => DiscoveryEndpointKind.Chat,
        ListenerNames.TimeText => DiscoveryEndpointKind.TimeText,
        ListenerNames.Sntp => DiscoveryEndpointKind.Sntp,
        ListenerNames.Rfc868 => DiscoveryEndpointKind.Rfc868,
        ListenerNames.Daytime => DiscoveryEndpointKind.Daytime,
        _ => null,
    };
}
