namespace UdpSuite.Server.Chat.RateLimit;

/// <summary>Drop reasons (metric tag <c>reason</c>, and keys of <see cref="ChatCounters"/>) of the chat rate limits.</summary>
public static class ChatRateLimitDropReasons
{
    /// <summary>The source address is over <see cref="ChatRateLimitOptions.PerSourcePerSecond"/>.</summary>
    public const string Source = "rate-limited-source";

    /// <summary>The account is over <see cref="ChatRateLimitOptions.PerAccountPerSecond"/>.</summary>
    public const string Account = "rate-limited-account";

    /// <summary>Event: a SLOW_DOWN notice (or ERROR SlowDown) went out.</summary>
    public const string NoticeSent = "slow-down-sent";
}
