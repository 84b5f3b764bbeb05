using System.Net;
using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Handlers;
using UdpSuite.Protocol.RateLimiting;
using UdpSuite.Server.RateLimiting;

namespace UdpSuite.Server.Chat.RateLimit;

/// <summary>
/// The chat listener's two rate limits (docs/PROTOCOL.md, "Rate limits"): per source address on every datagram before any
/// crypto work, and per account on authenticated DATA. It only decides: each check returns a <see cref="ChatRateDecision"/>
/// — allow, drop, or notify (over the limit, and this source or account is due its one SLOW_DOWN per notice interval) —
/// and the relay core writes the SLOW_DOWN: sealed, and for a source only when the datagram names a live session whose
/// validated address is that source (unauthenticated floods are only dropped). The limiter counts datagrams refused with a
/// notice and logs one line (at most one per interval per scope, so a flood of spoofed sources cannot flood the log).
/// Other sources and accounts have their own buckets and are unaffected. Used under the chat handler's lock.
/// </summary>
public sealed class ChatRateLimiter : IDisposable
{
    private readonly KeyedTokenBuckets<ClientAddressKey> _sources;
    private readonly KeyedTokenBuckets<string> _accounts;
    private readonly ChatCounters _counters;
    private readonly ILogger _logger;
    private readonly Duration _logInterval;
    private Instant _nextSourceLog = Instant.MinValue;
    private Instant _nextAccountLog = Instant.MinValue;

    public ChatRateLimiter(ChatRateLimitOptions options, ChatCounters counters, ILogger<ChatRateLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _sources = new KeyedTokenBuckets<ClientAddressKey>(options.Source);
        _accounts = new KeyedTokenBuckets<string>(options.Account, StringComparer.Ordinal);
        _counters = counters;
        _logger = logger;
        _logInterval = Duration.FromMilliseconds(options.NoticeIntervalMilliseconds);
    }

    /// <summary>Datagrams dropped by the per-source limit since start.</summary>
    public long DroppedBySource => _sources.Dropped;

    /// <summary>
    /// Checks the per-source limit for a chat datagram from <paramref name="source"/> received at <paramref name="now"/>.
    /// A drop is counted by the chat handler (by its reason); a notice is counted here.
    /// </summary>
    public ChatRateDecision AdmitSource(SocketAddress source, Instant now)
    {
        ArgumentNullException.ThrowIfNull(source);
        ClientAddressKey key = ClientAddressKey.From(source);
        RateVerdict verdict = _sources.Take(key, now);
        if (verdict != RateVerdict.DropAndNotify)
        {
            return verdict == RateVerdict.Allow ? ChatRateDecision.Allowed : ChatRateDecision.Dropped;
        }

        // Answered with a notice (or nothing), so the handler does not count it as a drop: count it here.
        _counters.Increment(ChatRateLimitDropReasons.Source);
        if (now >= _nextSourceLog)
        {
            _nextSourceLog = now + _logInterval;
            IPEndPoint remote = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(source);
            _logger.SourceOverLimit(remote.Address, _sources.Settings.PerSecond, _sources.DroppedFor(key));
        }

        return new ChatRateDecision(ChatRateVerdict.Notify, RateLimitScope.Source, _sources.RetryAfter);
    }

    /// <summary>Checks the per-account limit for one authenticated DATA fragment of <paramref name="user"/>.</summary>
    public ChatRateDecision AdmitData(string user, Instant now)
    {
        ArgumentNullException.ThrowIfNull(user);
        RateVerdict verdict = _accounts.Take(user, now);
        if (verdict != RateVerdict.DropAndNotify)
        {
            return verdict == RateVerdict.Allow ? ChatRateDecision.Allowed : ChatRateDecision.Dropped;
        }

        // Answered with a notice, so the handler does not count it as a drop: count it here.
        _counters.Increment(ChatRateLimitDropReasons.Account);
        if (now >= _nextAccountLog)
        {
            _nextAccountLog = now + _logInterval;
            _logger.AccountOverLimit(user, _accounts.Settings.PerSecond, _accounts.DroppedFor(user));
        }

        return new ChatRateDecision(ChatRateVerdict.Notify, RateLimitScope.Account, _accounts.RetryAfter);
    }

    public void Dispose()
    {
        _sources.Dispose();
        _accounts.Dispose();
    }
}
