namespace UdpSuite.Protocol.Discovery;

/// <summary>
/// Sizes of the discovery datagrams (docs/PROTOCOL.md, "LAN discovery"). They use the chat prefix ("UC", version 1)
/// with types from the range reserved for discovery, on the discovery listener's own port (default 8082).
/// </summary>
public static class DiscoveryWire
{
    /// <summary>Default UDP port of the discovery listener.</summary>
    public const int DefaultPort = 8082;

    /// <summary>
    /// Every DISCOVER is padded to this length and shorter ones are dropped, so the largest possible
    /// DISCOVER_REPLY (<see cref="MaxAnswerLength"/>) stays within the anti-amplification rule (three times the probe,
    /// IPv4 + UDP headers counted).
    /// </summary>
    public const int ProbeLength = 48;

    /// <summary>Bytes of the probe nonce the answer echoes.</summary>
    public const int NonceLength = 8;

    /// <summary>Longest server name in an answer (UTF-8 bytes); longer names are cut at a character boundary.</summary>
    public const int MaxServerNameBytes = 64;

    /// <summary>Most endpoints one answer lists (one per listener kind).</summary>
    public const int MaxEndpoints = 8;

    /// <summary>Bytes of the chat server's X25519 public key at the end of every answer.</summary>
    public const int ServerKeyLength = 32;

    /// <summary>
    /// prefix 4 + nonce 8 + name 1+64 + address family 1 + IPv6 16 + count 1 + 8 × (kind 1 + port 2) + key 32 = 151:
    /// more than three times the 48-byte probe's payload (144), within <c>AmplificationLimit</c>'s rule that counts the
    /// 28 bytes of IPv4 + UDP header on both datagrams (151 + 28 = 179 ≤ 3 × (48 + 28) = 228).
    /// </summary>
    public const int MaxAnswerLength = 4 + NonceLength + 1 + MaxServerNameBytes + 1 + 16 + 1 + (MaxEndpoints * 3) + ServerKeyLength;

    /// <summary>Address family byte: the answer names no address; use the one the answer came from.</summary>
    public const byte AddressReachedAt = 0;

    /// <summary>Address family byte: 4 address bytes follow.</summary>
    public const byte AddressIPv4 = 4;

    /// <summary>Address family byte: 16 address bytes follow.</summary>
    public const byte AddressIPv6 = 6;
}
