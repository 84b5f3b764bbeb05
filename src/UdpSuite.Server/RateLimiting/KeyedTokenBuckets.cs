using System.Threading.RateLimiting;
using NodaTime;
using UdpSuite.Protocol.RateLimiting;

namespace UdpSuite.Server.RateLimiting;

/// <summary>
/// One <see cref="TokenBucketRateLimiter"/> per key (a source address, an account) in a table of bounded size, with
/// slow-down notices paced per key (<see cref="TokenBucketSettings.NoticeBurst"/> back to back, then one per
/// <see cref="TokenBucketSettings.NoticeInterval"/>). The table has two generations of at most MaxKeys/2 entries: a key seen again moves
/// to the current one; the previous one is forgotten when the current one fills or when it has been idle for
/// <see cref="IdleAfter"/> — long enough for any bucket and its notice budget to refill completely, so forgetting one
/// loses nothing.
/// A flood from spoofed keys therefore costs bounded memory and O(1) work per datagram.
/// <para>
/// Tokens come back in real time (the limiter's own replenishment); the caller's clock (<c>now</c>, the datagram's
/// receive time) paces notices, expires idle keys, and gates the limiter after a refusal: until one token's worth of time
/// has passed, a key over its limit is refused without asking the limiter, so a flood allocates nothing per datagram.
/// (The limiter credits the time a bucket sat full at its next refill, so a key idle for a while may get Burst + 1.)
/// Thread-safe.
/// </para>
/// </summary>
public sealed class KeyedTokenBuckets<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly TokenBucketRateLimiterOptions _options;
    private readonly Duration _tokenInterval;
    private readonly Duration _noticeInterval;
    private readonly Duration _noticeBurstWindow;
    private readonly int _generationCapacity;
    private Dictionary<TKey, KeyBucket> _current;
    private Dictionary<TKey, KeyBucket> _previous;
    private Instant _generationStarted;
    private bool _started;
    private long _dropped;

    public KeyedTokenBuckets(TokenBucketSettings settings, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(nameof(settings));
        _options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.Burst,
            TokensPerPeriod = settings.PerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = false, // thousands of buckets must not mean thousands of timers
        };
        Settings = settings;
        _tokenInterval = Duration.FromTicks(Math.Max(1, TimeSpan.TicksPerSecond / settings.PerSecond));
        _noticeInterval = Duration.FromTimeSpan(settings.NoticeInterval);
        _noticeBurstWindow = _noticeInterval * (settings.NoticeBurst - 1);
        Duration tokensRefill = Duration.FromSeconds(Math.Ceiling((double)settings.Burst / settings.PerSecond));
        IdleAfter = Duration.Max(Duration.FromSeconds(10), Duration.Max(tokensRefill, _noticeInterval * settings.NoticeBurst));
        _generationCapacity = settings.MaxKeys / 2;
        _current = new Dictionary<TKey, KeyBucket>(Math.Min(_generationCapacity, 1024), comparer);
        _previous = new Dictionary<TKey, KeyBucket>(Math.Min(_generationCapacity, 1024), comparer);
    }

    public TokenBucketSettings Settings { get; }

    /// <summary>A key unseen for between one and two of these is forgotten.</summary>
    public Duration IdleAfter { get; }

    /// <summary>How long a refused key should wait for one token: the retry-after of a slow-down notice.</summary>
    public TimeSpan RetryAfter => _tokenInterval.ToTimeSpan();

    /// <summary>Keys remembered now (both generations); never more than MaxKeys.</summary>
    public int TrackedKeys
    {
        get
        {
            lock (_gate)
            {
                return _current.Count + _previous.Count;
            }
        }
    }

    /// <summary>Datagrams refused since start, all keys.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Datagrams refused for <paramref name="key"/> while it has been remembered (0 for an unknown key).</summary>
    public long DroppedFor(TKey key)
    {
        lock (_gate)
        {
            return _current.TryGetValue(key, out KeyBucket? bucket) || _previous.TryGetValue(key, out bucket) ? bucket.Dropped : 0;
        }
    }

    /// <summary>Takes one token for <paramref name="key"/> at <paramref name="now"/>.</summary>
    public RateVerdict Take(TKey key, Instant now)
    {
        lock (_gate)
        {
            KeyBucket bucket = Find(key, now);
            if (now >= bucket.RetryAt)
            {
                bucket.Limiter.TryReplenish();
                using RateLimitLease lease = bucket.Limiter.AttemptAcquire(1);
                if (lease.IsAcquired)
                {
                    return RateVerdict.Allow;
                }

                bucket.RetryAt = now + _tokenInterval;
            }

            Interlocked.Increment(ref _dropped);
            bucket.Dropped++;
            // Notices as a generic cell rate: each one pushes the key's notice time one interval further; a notice may go
            // out while that time is at most NoticeBurst - 1 intervals ahead of now.
            Instant noticeAt = bucket.NoticeAt > now ? bucket.NoticeAt : now;
            if (noticeAt - now > _noticeBurstWindow)
            {
                return RateVerdict.Drop;
            }

            bucket.NoticeAt = noticeAt + _noticeInterval;
            return RateVerdict.DropAndNotify;
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

    private KeyBucket Find(TKey key, Instant now)
    {
        if (!_started)
        {
            _started = true;
            _generationStarted = now;
        }
        else if (now - _generationStarted >= IdleAfter)
        {
            Rotate(now);
        }

        if (_current.TryGetValue(key, out KeyBucket? bucket))
        {
            return bucket;
        }

        if (!_previous.Remove(key, out bucket))
        {
            bucket = new KeyBucket(new TokenBucketRateLimiter(_options));
        }

        if (_current.Count >= _generationCapacity)
        {
            Rotate(now);
        }

        _current.Add(key, bucket);
        return bucket;
    }

    private void Rotate(Instant now)
    {
        DisposeAll(_previous);
        (_previous, _current) = (_current, _previous);
        _generationStarted = now;
    }

    private static void DisposeAll(Dictionary<TKey, KeyBucket> generation)
    {
        foreach (KeyBucket bucket in generation.Values)
        {
            bucket.Limiter.Dispose();
        }

        generation.Clear();
    }

    /// <summary>One key's bucket and its pacing state.</summary>
    private sealed class KeyBucket(TokenBucketRateLimiter limiter)
    {
        public TokenBucketRateLimiter Limiter { get; } = limiter;

        /// <summary>Before this, the key is refused without asking the limiter (it had no token a moment ago).</summary>
        public Instant RetryAt { get; set; } = Instant.MinValue;

        /// <summary>Where the key's notice budget stands: the budget is full when this is not after now.</summary>
        public Instant NoticeAt { get; set; } = Instant.MinValue;

        public long Dropped { get; set; }
    }
}
