using Microsoft.Extensions.Options;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Server.Handlers;

/// <summary>Checks <see cref="TimeRateLimitOptions"/> (section <c>Server:TimeRateLimit</c>): rate and burst at least 1, at least 2 clients tracked.</summary>
public sealed class TimeRateLimitOptionsValidator : IValidateOptions<TimeRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, TimeRateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ConfigurationFailures(ConfigurationSections.TimeRateLimit);
        failures.AtLeast(nameof(options.Burst), options.Burst, 1);
        failures.AtLeast(nameof(options.RequestsPerSecond), options.RequestsPerSecond, 1);
        failures.AtLeast(nameof(options.MaxClients), options.MaxClients, 2); // two generations of at least one client each
        return failures.Result();
    }
}
