using Microsoft.Extensions.Options;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Server.Chat.Presence;

/// <summary>Checks <see cref="PresenceLimits"/> (section <c>Chat</c>): every bound at least 1, every duration positive and below a day.</summary>
public sealed class PresenceLimitsValidator : IValidateOptions<PresenceLimits>
{
    public ValidateOptionsResult Validate(string? name, PresenceLimits options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ConfigurationFailures(ConfigurationSections.Chat);
        failures.Duration(PresenceLimits.AwayAfterKey, options.AwayAfter);
        failures.AtLeast(nameof(options.MaxContacts), options.MaxContacts, 1);
        failures.AtLeast(nameof(options.MaxPendingPushes), options.MaxPendingPushes, 1);
        failures.AtLeast(nameof(options.MaxFirstSendsPerTick), options.MaxFirstSendsPerTick, 1);
        failures.Duration(nameof(options.IdleScanInterval), options.IdleScanInterval);
        return failures.Result();
    }
}
