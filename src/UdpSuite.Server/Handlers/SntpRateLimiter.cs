using System.Net;
using NodaTime;
using UdpSuite.Protocol.RateLimiting;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.RateLimiting;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// The SNTP listener's per-client limit: one <see cref="KeyedTokenBuckets{TKey}"/> keyed by the client's address, with
/// Kiss-o'-Death replies as its slow-down notices (<see cref="SntpRateLimitOptions.KissOfDeathBurst"/> back to back, then
/// one per <see cref="SntpRateLimitOptions.KissOfDeathIntervalSeconds"/>). Thread-safe (loops of one listener share it).
/// </summary>
public sealed class SntpRateLimiter : ISntpRateLimiter, IDisposable
{
    private readonly KeyedTokenBuckets<ClientAddressKey> _clients;

    public SntpRateLimiter(SntpRateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clients = new KeyedTokenBuckets<ClientAddressKey>(options.Clients);
    }

    /// <summary>Clients remembered now; never more than <see cref="SntpRateLimitOptions.MaxClients"/>.</summary>
    public int TrackedClients => _clients.TrackedKeys;

    public RateVerdict Take(SocketAddress client, Instant receivedAt) => _clients.Take(ClientAddressKey.From(client), receivedAt);

    public void Dispose() => _clients.Dispose();
}
