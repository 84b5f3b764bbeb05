namespace UdpSuite.Time.Zones;

/// <summary>
/// What glibc's <c>localtime</c> reports for one instant: <c>tm_gmtoff</c>, <c>tm_isdst</c> and <c>tm_zone</c>.
/// A plain value so the strftime hot path can ask for it without allocating.
/// </summary>
/// <param name="UtcOffsetSeconds">Seconds east of UTC (<c>tm_gmtoff</c>).</param>
/// <param name="IsDst">The <c>tm_isdst</c> flag.</param>
/// <param name="Abbreviation">The <c>tm_zone</c> abbreviation; a cached string, never allocated per call.</param>
public readonly record struct ZoneOffsetInfo(int UtcOffsetSeconds, bool IsDst, string Abbreviation);
