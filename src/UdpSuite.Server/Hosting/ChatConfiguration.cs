using System.Globalization;
using Microsoft.Extensions.Configuration;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Chat.Presence;

namespace UdpSuite.Server.Hosting;

/// <summary>
/// The <c>Chat</c> configuration section: <c>SessionTimeout</c> (a silent client's session ends and it shows offline;
/// default 00:01:00) and <c>PresenceAwayAfter</c> (an online user without activity shows away; default 00:05:00), both as
/// <c>hh:mm:ss</c> (fractions allowed). Environment: <c>UDPSUITE_Chat__PresenceAwayAfter=00:00:02</c>.
/// </summary>
public static class ChatConfiguration
{
    public const string SectionName = "Chat";

    public static ChatRelayLimits RelayLimits(IConfiguration configuration)
    {
        var defaults = new ChatRelayLimits();
        return defaults with { SessionIdleTimeout = Duration(configuration, "SessionTimeout", defaults.SessionIdleTimeout) };
    }

    public static PresenceLimits PresenceLimits(IConfiguration configuration)
    {
        var defaults = new PresenceLimits();
        return defaults with { AwayAfter = Duration(configuration, "PresenceAwayAfter", defaults.AwayAfter) };
    }

    private static TimeSpan Duration(IConfiguration configuration, string key, TimeSpan fallback)
    {
        string? text = configuration.GetSection(SectionName)[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        // hh:mm:ss only: a bare "2" would otherwise be read as two days.
        if (!text.Contains(':', StringComparison.Ordinal)
            || !TimeSpan.TryParseExact(text.Trim(), "c", CultureInfo.InvariantCulture, out TimeSpan value) || value <= TimeSpan.Zero)
        {
            throw new ServerConfigurationException($"{SectionName}:{key}: '{text}' is not a positive duration (hh:mm:ss)");
        }

        return value;
    }
}
