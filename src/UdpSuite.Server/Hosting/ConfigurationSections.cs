namespace UdpSuite.Server.Hosting;

/// <summary>
/// The configuration sections the server's options classes are bound from (appsettings.json, <c>UDPSUITE_</c> environment
/// variables with <c>__</c> for <c>:</c>, command line). Each class is bound from exactly one section.
/// </summary>
public static class ConfigurationSections
{
    /// <summary><see cref="ServerOptions"/>: listeners, ports, bind address, zone, receive loops.</summary>
    public const string Server = "Server";

    /// <summary><see cref="Protocol.Sntp.SntpServerSettings"/>: what the SNTP listener says about the host clock.</summary>
    public const string Ntp = "Server:Ntp";

    /// <summary><see cref="Handlers.SntpRateLimitOptions"/>: per-client SNTP limits and Kiss-o'-Death pacing.</summary>
    public const string NtpRateLimit = "Server:NtpRateLimit";

    /// <summary><see cref="Handlers.TimeRateLimitOptions"/>: per-address limits of the time-text, daytime and RFC 868 listeners.</summary>
    public const string TimeRateLimit = "Server:TimeRateLimit";

    /// <summary><see cref="Chat.RateLimit.ChatRateLimitOptions"/>: per-source and per-account chat limits.</summary>
    public const string ChatRateLimit = "Server:ChatRateLimit";

    /// <summary><see cref="Chat.ChatRelayLimits"/> and <see cref="Chat.Presence.PresenceLimits"/>: the relay's bounds and timeouts.</summary>
    public const string Chat = "Chat";
}
