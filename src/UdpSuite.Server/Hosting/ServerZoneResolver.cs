using NodaTime;
using NodaTime.TimeZones;

namespace UdpSuite.Server.Hosting;

/// <summary>Turns the <c>Server:Zone</c> setting into a zone: an IANA id from the provider, or the host's zone when empty.</summary>
public static class ServerZoneResolver
{
    /// <summary>Throws <see cref="ServerConfigurationException"/> naming the id when the provider does not know it.</summary>
    public static DateTimeZone Resolve(IDateTimeZoneProvider provider, string? zoneId)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (string.IsNullOrWhiteSpace(zoneId))
        {
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

        DateTimeZone? zone = provider.GetZoneOrNull(zoneId.Trim());
        return zone ?? throw new ServerConfigurationException($"Server:Zone: unknown time zone '{zoneId}' (expected an IANA id such as Europe/London)");
    }
}
