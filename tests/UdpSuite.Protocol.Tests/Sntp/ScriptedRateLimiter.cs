using System.Net;
using NodaTime;
using UdpSuite.Protocol.RateLimiting;
using UdpSuite.Protocol.Sntp;

namespace UdpSuite.Protocol.Tests.Sntp;

/// <summary>A limiter that gives one fixed verdict and records what it was asked.</summary>
internal sealed class ScriptedRateLimiter(RateVerdict verdict) : ISntpRateLimiter
{
    public int Calls { get; private set; }

    public SocketAddress? LastClient { get; private set; }

    public Instant LastReceivedAt { get; private set; }

    public RateVerdict Take(SocketAddress client, Instant receivedAt)
    {
        Calls++;
        LastClient = client;
        LastReceivedAt = receivedAt;
        return verdict;
    }
}
