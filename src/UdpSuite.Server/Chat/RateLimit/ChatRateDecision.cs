using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.RateLimit;

/// <summary>What a rate limit decided for one datagram.</summary>
public enum ChatRateVerdict
{
    /// <summary>Under the limit: handle it.</summary>
    Allow,

    /// <summary>Over the limit: drop it unanswered.</summary>
    Drop,

    /// <summary>Over the limit and due its notice: drop it, and the core answers with SLOW_DOWN where it may.</summary>
    Notify,
}

/// <summary>A rate limit's <see cref="Verdict"/>; for a notice, the <see cref="Scope"/> and the wait the SLOW_DOWN names.</summary>
public readonly record struct ChatRateDecision(ChatRateVerdict Verdict, RateLimitScope Scope, TimeSpan RetryAfter)
{
    public static ChatRateDecision Allowed => new(ChatRateVerdict.Allow, default, TimeSpan.Zero);

    public static ChatRateDecision Dropped => new(ChatRateVerdict.Drop, default, TimeSpan.Zero);

    /// <summary>Writes the SLOW_DOWN body (scope, retry-after in whole milliseconds, at least 1) into <paramref name="body"/>; returns its length.</summary>
    public int WriteSlowDown(Span<byte> body)
    {
        uint milliseconds = (uint)Math.Clamp(Math.Ceiling(RetryAfter.TotalMilliseconds), 1, uint.MaxValue);
        return new SlowDownBody(Scope, milliseconds).Write(body);
    }
}
