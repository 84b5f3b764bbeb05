using System.Net;

namespace UdpSuite.Protocol.Discovery;

/// <summary>One listener a server announces: its kind and UDP port.</summary>
public readonly record struct DiscoveryEndpoint(DiscoveryEndpointKind Kind, ushort Port);

/// <summary>
/// What a DISCOVER_REPLY says: the probe's nonce, the server's name, the address its listeners are bound to
/// (null: "the address you reached me at", the server listens on every address), one port per listener and the chat
/// server's 32-byte X25519 public key. Discovery is unauthenticated: the key is a hint to compare with a pin or a
/// fingerprint the operator published, not proof of who answered.
/// </summary>
public sealed record DiscoveryAnswer(ulong Nonce, string ServerName, IPAddress? Address, IReadOnlyList<DiscoveryEndpoint> Endpoints, ReadOnlyMemory<byte> ServerKey);
