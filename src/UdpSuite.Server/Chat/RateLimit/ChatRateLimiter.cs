using System.Net;
using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Server.Chat.Relay;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;
using UdpSuite.Protocol.RateLimiting;
using UdpSuite.Server.RateLimiting;

namespace UdpSuite.Server.Chat.RateLimit;

/// <summary>
/// The chat listener's two rate limits (docs/PROTOCOL.md, "Rate limits"): per source address on every datagram before any
/// crypto work, and per account on authenticated DATA. Over a limit the datagram is dropped (counted by reason); at most once
/// per notice interval per source or account the sender gets SLOW_DOWN — sealed, and only when the datagram names a live
/// session whose validated address is that source (unauthenticated floods are only dropped) — and the server logs one line
/// (at most one per interval per scope, so a flood of spoofed sources cannot flood the log). Other sources and accounts
/// have their own buckets and are unaffected. Used under the chat handler's lock.
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
    /// Checks the per-source limit for a chat datagram. False when it must not be handled: <paramref name="refused"/> is
    /// then the drop, or a sealed SLOW_DOWN written into <paramref name="reply"/> when the datagram names a live session
    /// whose validated address is the source (anything else over the limit is dropped unanswered: version 2 has no
    /// clear error a spoofed source could aim at someone).
    /// </summary>
    public bool AdmitSource(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context, SessionTable sessions, out HandlerResult refused)
    {
        ClientAddressKey key = ClientAddressKey.From(context.Remote);
        RateVerdict verdict = _sources.Take(key, context.ReceivedAt);
        if (verdict == RateVerdict.Allow)
        {
            refused = default;
            return true;
        }

        if (verdict == RateVerdict.Drop)
        {
            refused = HandlerResult.Drop(ChatRateLimitDropReasons.Source); // counted by the chat handler
            return false;
        }

        // Answered with a notice, so the handler does not count it as a drop: count it here.
        _counters.Increment(ChatRateLimitDropReasons.Source);

        Instant now = context.ReceivedAt;
        if (now >= _nextSourceLog)
        {
            _nextSourceLog = now + _logInterval;
            IPEndPoint remote = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(context.Remote);
            _logger.SourceOverLimit(remote.Address, _sources.Settings.PerSecond, _sources.DroppedFor(key));
        }

        if (TransportHeader.TryPeekSessionId(request, out ulong sessionId)
            && sessions.TryGet(sessionId, out ChatSession session) && session.Peer.Equals(context.Remote))
        {
            _counters.Increment(ChatRateLimitDropReasons.NoticeSent);
            refused = SealSlowDown(reply, session, RateLimitScope.Source, _sources.RetryAfter, now);
            return false;
        }

        refused = HandlerResult.NoReply;
        return false;
    }

    /// <summary>
    /// Checks the per-account limit for one authenticated DATA fragment of <paramref name="session"/>. False when it must be
    /// dropped: <paramref name="refused"/> is the drop, or an authenticated SLOW_DOWN sealed into <paramref name="reply"/>.
    /// </summary>
    public bool AdmitData(ChatSession session, Span<byte> reply, Instant now, out HandlerResult refused)
    {
        ArgumentNullException.ThrowIfNull(session);
        RateVerdict verdict = _accounts.Take(session.User, now);
        if (verdict == RateVerdict.Allow)
        {
            refused = default;
            return true;
        }

        if (verdict == RateVerdict.Drop)
        {
            refused = HandlerResult.Drop(ChatRateLimitDropReasons.Account); // counted by the chat handler
            return false;
        }

        // Answered with a notice, so the handler does not count it as a drop: count it here.
        _counters.Increment(ChatRateLimitDropReasons.Account);

        if (now >= _nextAccountLog)
        {
            _nextAccountLog = now + _logInterval;
            _logger.AccountOverLimit(session.User, _accounts.Settings.PerSecond, _accounts.DroppedFor(session.User));
        }

        _counters.Increment(ChatRateLimitDropReasons.NoticeSent);
        refused = SealSlowDown(reply, session, RateLimitScope.Account, _accounts.RetryAfter, now);
        return false;
    }

    public void Dispose()
    {
        _sources.Dispose();
        _accounts.Dispose();
    }

    private static HandlerResult SealSlowDown(Span<byte> reply, ChatSession session, RateLimitScope scope, TimeSpan retryAfter, Instant now)
    {
        uint milliseconds = (uint)Math.Clamp(Math.Ceiling(retryAfter.TotalMilliseconds), 1, uint.MaxValue);
        int length = new SlowDownBody(scope, milliseconds).Write(SessionDatagramWriter.BodyArea(reply));
        return SessionDatagramWriter.Reply(reply, session, ChatMessageType.SlowDown, length, now);
    }
}
