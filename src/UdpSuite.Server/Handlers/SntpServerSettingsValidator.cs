using Microsoft.Extensions.Options;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// Checks <see cref="SntpServerSettings"/> (section <c>Server:Ntp</c>) against what RFC 5905 lets a serving clock
/// advertise: stratum 1..15, a leap indicator other than "unsynchronised", a precision no finer than 2^-32 s and not
/// coarser than 1 s, and root delay and dispersion that fit the 16.16 short format.
/// </summary>
public sealed class SntpServerSettingsValidator : IValidateOptions<SntpServerSettings>
{
    /// <summary>Largest value of the NTP short format (16.16 seconds).</summary>
    private const double LargestShortFormatSeconds = 65535.0;

    public ValidateOptionsResult Validate(string? name, SntpServerSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ConfigurationFailures(ConfigurationSections.Ntp);
        failures.Between(nameof(options.Stratum), options.Stratum, SntpServerSettings.LowestStratum, SntpServerSettings.HighestStratum);
        if (options.Leap is not (NtpLeapIndicator.NoWarning or NtpLeapIndicator.LastMinuteHas61Seconds or NtpLeapIndicator.LastMinuteHas59Seconds))
        {
            failures.Add(nameof(options.Leap), "must be NoWarning, LastMinuteHas61Seconds or LastMinuteHas59Seconds (a serving clock is synchronised)", options.Leap);
        }

        failures.Between(nameof(options.Precision), options.Precision, -32, 0);
        ShortFormat(failures, nameof(options.RootDelaySeconds), options.RootDelaySeconds);
        ShortFormat(failures, nameof(options.RootDispersionSeconds), options.RootDispersionSeconds);
        return failures.Result();
    }

    private static void ShortFormat(ConfigurationFailures failures, string name, double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0 || seconds > LargestShortFormatSeconds)
        {
            failures.Add(name, $"must be 0..{LargestShortFormatSeconds} seconds", seconds);
        }
    }
}
