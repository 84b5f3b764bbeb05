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
        failures.AtLeast(nameof(options.MaxPendingLogins), options.MaxPendingLogins, 1);
        failures.Duration(nameof(options.PendingLoginLifetime), options.PendingLoginLifetime);
        failures.Duration(ChatRelayLimits.SessionTimeoutKey, options.SessionIdleTimeout);
        failures.AtLeast(nameof(options.MaxDeliveriesInFlight), options.MaxDeliveriesInFlight, 1);
        failures.AtLeast(nameof(options.MaxPendingReceipts), options.MaxPendingReceipts, 1);
        failures.Duration(nameof(options.TickInterval), options.TickInterval);
        return failures.Result();
    }
}
