namespace UdpSuite.Protocol.Limits;

/// <summary>
/// QUIC's anti-amplification rule (RFC 9000 section 8) applied to every unauthenticated reply: the reply,
/// counted with its 28 bytes of IPv4+UDP header, is at most three times the request counted the same way.
/// </summary>
public static class AmplificationLimit
{
    /// <summary>IPv4 (20) + UDP (8) header bytes that every datagram carries on the wire.</summary>
    public const int HeaderBytes = 28;

    /// <summary>Largest UDP payload over IPv4.</summary>
    public const int MaxUdpPayload = 65_507;

    /// <summary>Largest reply payload allowed for a request payload of <paramref name="requestBytes"/> bytes.</summary>
    public static int MaxReplyBytes(int requestBytes) =>
        (int)Math.Min(MaxUdpPayload, (3L * (requestBytes + HeaderBytes)) - HeaderBytes);
}
