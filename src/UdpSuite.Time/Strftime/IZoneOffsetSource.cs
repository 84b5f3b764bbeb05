using UdpSuite.Time.Zones;

namespace UdpSuite.Time.Strftime;

/// <summary>
/// A zone that can answer "offset, DST flag and abbreviation at this epoch second" without allocating
/// a <see cref="NodaTime.TimeZones.ZoneInterval"/>; the strftime hot path prefers it when a zone offers it.
/// </summary>
public interface IZoneOffsetSource
{
    ZoneOffsetInfo GetOffsetInfo(long epochSeconds);
}
