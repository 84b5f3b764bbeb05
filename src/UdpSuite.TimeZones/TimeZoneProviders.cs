using System.Diagnostics.CodeAnalysis;
using NodaTime;
using NodaTime.TimeZones;

namespace UdpSuite.TimeZones;

/// <summary>Factories for the zone provider the server uses.</summary>
public static class TimeZoneProviders
{
    /// <summary>A caching provider over the host zoneinfo directory (default <c>/usr/share/zoneinfo</c>).</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static IDateTimeZoneProvider CreateHost(string? zoneInfoDirectory = null) =>
        new DateTimeZoneCache(new HostTzdbSource(zoneInfoDirectory ?? HostTzdbSource.DefaultZoneInfoDirectory));

    /// <summary>
    /// The host provider when <c>/usr/share/zoneinfo</c> exists, else NodaTime's embedded tzdb.
    /// </summary>
    /// <remarks>
    /// The host files are preferred so the server's answers agree byte-for-byte with the host's own tools
    /// (date, python, glibc strftime) and follow the host's tzdata updates. The embedded tzdb only serves
    /// machines without tzdata (minimal containers), where there is no host answer to agree with.
    /// </remarks>
    public static IDateTimeZoneProvider CreateDefault() =>
        Directory.Exists(HostTzdbSource.DefaultZoneInfoDirectory) ? CreateHost() : DateTimeZoneProviders.Tzdb;

    /// <summary>Looks up <paramref name="id"/>; returns false (never throws) when the provider does not know it.</summary>
    public static bool TryGetZone(IDateTimeZoneProvider provider, string? id, [NotNullWhen(true)] out DateTimeZone? zone)
    {
        ArgumentNullException.ThrowIfNull(provider);
        zone = null;
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }

        try
        {
            zone = provider.GetZoneOrNull(id);
        }
        catch (ArgumentException)
        {
            // A corrupt zone file surfaces here; for callers it is as unknown as a missing id.
            zone = null;
        }

        return zone is not null;
    }
}
