using Microsoft.Extensions.Options;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Server.Handlers;

/// <summary>Checks <see cref="SntpRateLimitOptions"/> (section <c>Server:NtpRateLimit</c>): rates, bursts and the KoD interval at least 1, at least 2 clients tracked.</summary>
public sealed class SntpRateLimitOptionsValidator : IValidateOptions<SntpRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, SntpRateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ConfigurationFailures(ConfigurationSections.NtpRateLimit);
        failures.AtLeast(nameof(options.Burst), options.Burst, 1);
        failures.AtLeast(nameof(options.RequestsPerSecond), options.RequestsPerSecond, 1);
        failures.AtLeast(nameof(options.KissOfDeathBurst), options.KissOfDeathBurst, 1);
        failures.AtLeast(nameof(options.KissOfDeathIntervalSeconds), options.KissOfDeathIntervalSeconds, 1);
        failures.AtLeast(nameof(options.MaxClients), options.MaxClients, 2); // two generations of at least one client each
        return failures.Result();
    }
}
