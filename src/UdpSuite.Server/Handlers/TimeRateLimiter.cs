using System.Net;
using NodaTime;
using UdpSuite.Protocol.RateLimiting;
using UdpSuite.Server.RateLimiting;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// The per-address token buckets of the time-text, daytime and RFC 868 listeners (<see cref="TimeRateLimitOptions"/>):
/// one <see cref="KeyedTokenBuckets{TKey}"/> per listener, keyed by the client's address (port ignored), shared by the
/// listener's UDP and TCP sides. Thread-safe.
/// </summary>
public sealed class TimeRateLimiter : IDisposable
{
    /// <summary>The drop reason (metric tag) of a request over its address's limit.</summary>
    public const string DropReason = "rate-limited";

    private readonly KeyedTokenBuckets<ClientAddressKey> _timeText;
    private readonly KeyedTokenBuckets<ClientAddressKey> _daytime;
    private readonly KeyedTokenBuckets<ClientAddressKey> _rfc868;

    public TimeRateLimiter(TimeRateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeText = new KeyedTokenBuckets<ClientAddressKey>(options.Clients);
        _daytime = new KeyedTokenBuckets<ClientAddressKey>(options.Clients);
        _rfc868 = new KeyedTokenBuckets<ClientAddressKey>(options.Clients);
    }

    /// <summary>True when <paramref name="client"/> may have an answer from <paramref name="listener"/> (a <see cref="ListenerNames"/> value) now.</summary>
    public bool Allows(string listener, SocketAddress client, Instant receivedAt) =>
        Buckets(listener).Take(ClientAddressKey.From(client), receivedAt) == RateVerdict.Allow;

    /// <summary>Requests <paramref name="listener"/> refused so far.</summary>
    public long Dropped(string listener) => Buckets(listener).Dropped;

    public void Dispose()
    {
        _timeText.Dispose();
        _daytime.Dispose();
        _rfc868.Dispose();
    }

    private KeyedTokenBuckets<ClientAddressKey> Buckets(string listener) => listener switch
    {
        ListenerNames.TimeText => _timeText,
        ListenerNames.Daytime => _daytime,
        ListenerNames.Rfc868 => _rfc868,
        _ => throw new ArgumentOutOfRangeException(nameof(listener), listener, "not a time listener with a rate limit"),
    };
}
