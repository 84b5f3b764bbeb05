using System.Threading.RateLimiting;
using UdpSuite.Protocol.Sntp;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// Per-source-address token buckets for the SNTP listener, in a table of bounded size: two generations of at
/// most <see cref="SntpRateLimitOptions.MaxClients"/>/2 entries each. A client seen again moves to the current
/// generation; when the current one fills, the previous one is forgotten. A flood from spoofed addresses
/// therefore costs bounded memory and O(1) work per datagram, while active clients keep their state.
/// Thread-safe (loops of one listener share it).
/// </summary>
public sealed class SntpClientRateLimiter : IDisposable
{
    private readonly object _gate = new();
    private readonly int _generationCapacity;
    private readonly TokenBucketRateLimiterOptions _requestOptions;
    private readonly TokenBucketRateLimiterOptions _kissOfDeathOptions;
    private Dictionary<ClientAddressKey, ClientRateBuckets> _current;
    private Dictionary<ClientAddressKey, ClientRateBuckets> _previous;

    public SntpClientRateLimiter(SntpRateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _generationCapacity = options.MaxClients / 2;
        _requestOptions = new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Burst,
            TokensPerPeriod = options.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        };
        _kissOfDeathOptions = new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.KissOfDeathBurst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(options.KissOfDeathIntervalSeconds),
            QueueLimit = 0,
            AutoReplenishment = false,
        };
        _current = new Dictionary<ClientAddressKey, ClientRateBuckets>(Math.Min(_generationCapacity, 1024));
        _previous = new Dictionary<ClientAddressKey, ClientRateBuckets>(Math.Min(_generationCapacity, 1024));
    }

    /// <summary>Clients currently tracked (both generations); never more than <see cref="SntpRateLimitOptions.MaxClients"/>.</summary>
    public int TrackedClients
    {
        get
        {
            lock (_gate)
            {
                return _current.Count + _previous.Count;
            }
        }
    }

    /// <summary>Takes one request token for <paramref name="client"/> and says whether to answer, kiss or stay silent.</summary>
    public SntpRateVerdict Check(ClientAddressKey client)
    {
        lock (_gate)
        {
            ClientRateBuckets buckets = Find(client);
            if (buckets.TryRequest())
            {
                return SntpRateVerdict.Allow;
            }

            return buckets.TryKissOfDeath() ? SntpRateVerdict.KissOfDeath : SntpRateVerdict.Silence;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            DisposeAll(_current);
            DisposeAll(_previous);
        }
    }

    private ClientRateBuckets Find(ClientAddressKey client)
    {
        if (_current.TryGetValue(client, out ClientRateBuckets? buckets))
        {
            return buckets;
        }

        if (!_previous.Remove(client, out buckets))
        {
            buckets = new ClientRateBuckets(_requestOptions, _kissOfDeathOptions);
        }

        if (_current.Count >= _generationCapacity)
        {
            Rotate();
        }

        _current.Add(client, buckets);
        return buckets;
    }

    private void Rotate()
    {
        DisposeAll(_previous);
        (_previous, _current) = (_current, _previous);
    }

    private static void DisposeAll(Dictionary<ClientAddressKey, ClientRateBuckets> generation)
    {
        foreach (ClientRateBuckets buckets in generation.Values)
        {
            buckets.Dispose();
        }

        generation.Clear();
    }
}
