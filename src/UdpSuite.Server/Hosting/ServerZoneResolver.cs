using NodaTime;
using NodaTime.TimeZones;

namespace UdpSuite.Server.Hosting;

/// <summary>Turns the <c>Server:Zone</c> setting (checked by <see cref="ServerOptionsValidator"/>) into a zone: an IANA id from the provider, or the host's zone when empty.</summary>
public static class ServerZoneResolver
{
    public static DateTimeZone Resolve(IDateTimeZoneProvider provider, string? zoneId)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (!string.IsNullOrWhiteSpace(zoneId))
        {
            return provider[zoneId.Trim()];
        }

        try
        {
            return provider.GetSystemDefault();
        }
        catch (DateTimeZoneNotFoundException)
        {
            // A host zone the provider cannot name (e.g. a custom /etc/localtime) is served as UTC rather than refusing to start.
            return DateTimeZone.Utc;
        }
    }
}
