using NodaTime;

namespace UdpSuite.Server.Tests;

/// <summary>The zone provider the tests share.</summary>
internal static class TestZones
{
    public static IDateTimeZoneProvider Provider { get; } = UdpSuite.TimeZones.TimeZoneProviders.CreateDefault();
}
