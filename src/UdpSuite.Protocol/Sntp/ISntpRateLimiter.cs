using System.Net;
using NodaTime;
using UdpSuite.Protocol.RateLimiting;

namespace UdpSuite.Protocol.Sntp;

/// <summary>
/// The per-client rate policy <see cref="SntpResponder"/> consults for each well-formed client request (and for nothing
/// else, so garbage cannot fill its table). <see cref="RateVerdict.DropAndNotify"/> becomes a Kiss-o'-Death RATE reply,
/// <see cref="RateVerdict.Drop"/> silence.
/// </summary>
public interface ISntpRateLimiter
{
    /// <summary>Takes one request token for <paramref name="client"/> (its address; the port does not matter) at <paramref name="receivedAt"/>.</summary>
    RateVerdict Take(SocketAddress client, Instant receivedAt);
}
