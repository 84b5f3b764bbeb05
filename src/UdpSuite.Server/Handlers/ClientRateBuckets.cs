using System.Threading.RateLimiting;

namespace UdpSuite.Server.Handlers;

/// <summary>One client's two token buckets: its requests and the KoD replies it may receive.</summary>
internal sealed class ClientRateBuckets : IDisposable
{
    private readonly TokenBucketRateLimiter _requests;
    private readonly TokenBucketRateLimiter _kissOfDeath;

    public ClientRateBuckets(TokenBucketRateLimiterOptions requests, TokenBucketRateLimiterOptions kissOfDeath)
    {
        // Manual replenishment: thousands of buckets must not mean thousands of timers.
        _requests = new TokenBucketRateLimiter(requests);
        _kissOfDeath = new TokenBucketRateLimiter(kissOfDeath);
    }

    public bool TryRequest() => TryAcquire(_requests);

    public bool TryKissOfDeath() => TryAcquire(_kissOfDeath);

    public void Dispose()
    {
        _requests.Dispose();
        _kissOfDeath.Dispose();
    }

    private static bool TryAcquire(TokenBucketRateLimiter limiter)
    {
        limiter.TryReplenish();
        using RateLimitLease lease = limiter.AttemptAcquire(1);
        return lease.IsAcquired;
    }
}
