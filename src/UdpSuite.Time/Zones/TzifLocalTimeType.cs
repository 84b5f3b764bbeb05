namespace UdpSuite.Time.Zones;

/// <summary>
/// One local time type ("ttinfo") of a TZif file: the UTC offset, the DST flag and the abbreviation it selects.
/// </summary>
/// <param name="UtcOffsetSeconds">Seconds east of UTC, exactly as stored (LMT offsets carry seconds).</param>
/// <param name="IsDst">The stored tt_isdst flag; glibc copies it verbatim into <c>tm_isdst</c>.</param>
/// <param name="Abbreviation">The NUL-terminated abbreviation the type's index points at (may be empty).</param>
public readonly record struct TzifLocalTimeType(int UtcOffsetSeconds, bool IsDst, string Abbreviation);
