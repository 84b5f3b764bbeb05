using System.Net;

namespace UdpSuite.Protocol.Discovery;

/// <summary>One listener a server announces: its kind and UDP port.</summary>
public readonly record struct DiscoveryEndpoint(DiscoveryEndpointKind Kind, ushort Port);

/// <summary>
/// What a DISCOVER_REPLY says: the probe's nonce, the server's name, the address its listeners are bound to
/// (null: "the address you reached me at", the server listens on every address) and one port per listener.
/// </summary>
public sealed record DiscoveryAnswer(ulong Nonce, string ServerName, IPAddress? Address, IReadOnlyList<DiscoveryEndpoint> Endpoints);
