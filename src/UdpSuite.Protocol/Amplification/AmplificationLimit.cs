namespace UdpSuite.Protocol.Amplification;

/// <summary>
/// The anti-amplification rule (RFC 9000 section 8, applied to every unauthenticated UDP request):
/// a reply may put at most three times the request's bytes on the wire, counting the
/// 28 bytes of IPv4 + UDP header on both datagrams.
/// </summary>
public static class AmplificationLimit
{
    /// <summary>Bytes of IPv4 (20) + UDP (8) header that travel with every datagram.</summary>
    public const int HeaderBytes = 28;

    /// <summary>Largest UDP payload that fits one IPv4 datagram.</summary>
    public const int MaxUdpPayload = 65_507;

    /// <summary>
    /// Largest reply payload allowed for a request payload of <paramref name="requestLength"/> bytes:
    /// <c>3 * (request + 28) - 28</c>, capped at <see cref="MaxUdpPayload"/>. An empty request allows 56 bytes.
    /// </summary>
    public static int MaxReplyLength(int requestLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requestLength);
        long limit = (3L * (requestLength + HeaderBytes)) - HeaderBytes;
        return limit > MaxUdpPayload ? MaxUdpPayload : (int)limit;
    }

    /// <summary>True when a reply of <paramref name="replyLength"/> bytes respects the rule for the request.</summary>
    public static bool Allows(int requestLength, int replyLength) => replyLength <= MaxReplyLength(requestLength);
}
