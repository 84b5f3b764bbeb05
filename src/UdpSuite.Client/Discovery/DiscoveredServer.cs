using System.Net;
using UdpSuite.Protocol.Discovery;
using UdpSuite.Protocol.Security;

namespace UdpSuite.Client.Discovery;

/// <summary>
/// A server that answered a discovery probe: its name, where the answer came from, the address to use for its
/// listeners (the one it announced, else the one it answered from), each listener's endpoint and the chat server's
/// public key as the answer gave it. Discovery is unauthenticated (anyone on the LAN can answer): the key is a hint to
/// compare with a fingerprint obtained another way, not proof; the chat client pins the key its first handshake proves.
/// </summary>
public sealed record DiscoveredServer(
    string Name,
    IPEndPoint Responder,
    IPAddress Address,
    IReadOnlyDictionary<DiscoveryEndpointKind, IPEndPoint> Endpoints,
    TimeSpan RoundTrip,
    ReadOnlyMemory<byte> ServerKey)
{
    /// <summary>The fingerprint of <see cref="ServerKey"/> (<c>SHA256:...</c>, as <c>udpsuite server key</c> prints it).</summary>
    public ServerKeyFingerprint ServerKeyFingerprint => ServerKeyFingerprint.Of(ServerKey.Span);

    /// <summary>The chat listener, or null when the server runs none.</summary>
    public IPEndPoint? Chat => Endpoints.GetValueOrDefault(DiscoveryEndpointKind.Chat);

    /// <summary>The endpoint of <paramref name="kind"/>, or null.</summary>
    public IPEndPoint? Endpoint(DiscoveryEndpointKind kind) => Endpoints.GetValueOrDefault(kind);

    /// <summary>Builds the server from a decoded answer received from <paramref name="responder"/>.</summary>
    public static DiscoveredServer From(DiscoveryAnswer answer, IPEndPoint responder, TimeSpan roundTrip)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(responder);
        IPAddress address = answer.Address ?? (responder.Address.IsIPv4MappedToIPv6 ? responder.Address.MapToIPv4() : responder.Address);
        var endpoints = new SortedDictionary<DiscoveryEndpointKind, IPEndPoint>();
        foreach (DiscoveryEndpoint endpoint in answer.Endpoints)
        {
            if (Enum.IsDefined(endpoint.Kind) && endpoint.Port != 0)
            {
                endpoints[endpoint.Kind] = new IPEndPoint(address, endpoint.Port);
            }
        }

        return new DiscoveredServer(answer.ServerName, responder, address, endpoints, roundTrip, answer.ServerKey);
    }
}
