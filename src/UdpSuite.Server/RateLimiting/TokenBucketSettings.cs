namespace UdpSuite.Server.RateLimiting;

/// <summary>
/// One kind of per-key limit: <see cref="PerSecond"/> sustained, <see cref="Burst"/> back to back, slow-down notices
/// <see cref="NoticeBurst"/> back to back then one every <see cref="NoticeInterval"/> per key, and at most
/// <see cref="MaxKeys"/> keys remembered.
/// </summary>
public sealed record TokenBucketSettings(int PerSecond, int Burst, TimeSpan NoticeInterval, int MaxKeys, int NoticeBurst = 1)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> (with <paramref name="name"/> in the parameter name) for a value out of range.</summary>
    public void Validate(string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PerSecond, 1, $"{name}:PerSecond");
        ArgumentOutOfRangeException.ThrowIfLessThan(Burst, 1, $"{name}:Burst");
        ArgumentOutOfRangeException.ThrowIfLessThan(NoticeInterval, TimeSpan.FromMilliseconds(1), $"{name}:NoticeInterval");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxKeys, 2, $"{name}:MaxKeys");
        ArgumentOutOfRangeException.ThrowIfLessThan(NoticeBurst, 1, $"{name}:NoticeBurst");
    }
}
