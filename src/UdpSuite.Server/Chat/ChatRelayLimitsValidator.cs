using Microsoft.Extensions.Options;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Server.Chat;

/// <summary>Checks <see cref="ChatRelayLimits"/> (section <c>Chat</c>): every bound at least 1, every duration positive and below a day.</summary>
public sealed class ChatRelayLimitsValidator : IValidateOptions<ChatRelayLimits>
{
    public ValidateOptionsResult Validate(string? name, ChatRelayLimits options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ConfigurationFailures(ConfigurationSections.Chat);
        failures.AtLeast(nameof(options.MaxSessions), options.MaxSessions, 1);
        failures.AtLeast(nameof(options.MaxSessionsPerUser), options.MaxSessionsPerUser, 1);
        failures.AtLeast("Handshake:CookieThreshold", options.Handshake.CookieThreshold, 0);
        failures.AtLeast("Handshake:CookieRatePerSecond", options.Handshake.CookieRatePerSecond, 0);
        failures.AtLeast("Handshake:MaxPendingPerAddress", options.Handshake.MaxPendingPerAddress, 1);
        failures.AtLeast("Handshake:MaxPending", options.Handshake.MaxPending, 1);
        if (options.Handshake.CookieThreshold > options.Handshake.MaxPending)
        {
            failures.Add("Handshake:CookieThreshold", $"must be at most Handshake:MaxPending ({options.Handshake.MaxPending})", options.Handshake.CookieThreshold);
        }

        failures.AtLeast(nameof(options.PasswordHashMemoryKiB), options.PasswordHashMemoryKiB, 8);
        failures.AtLeast(nameof(options.PasswordHashIterations), options.PasswordHashIterations, 1);
        failures.Duration(nameof(options.PendingLoginLifetime), options.PendingLoginLifetime);
        failures.Duration(ChatRelayLimits.SessionTimeoutKey, options.SessionIdleTimeout);
        failures.Duration(nameof(options.RetransmitGiveUp), options.RetransmitGiveUp);
        failures.AtLeast(nameof(options.MaxDeliveriesInFlight), options.MaxDeliveriesInFlight, 1);
        failures.AtLeast(nameof(options.MaxPendingReceipts), options.MaxPendingReceipts, 1);
        failures.AtLeast(nameof(options.MaxPendingStoreItems), options.MaxPendingStoreItems, 1);
        failures.Duration(nameof(options.TickInterval), options.TickInterval);
        return failures.Result();
    }
}
