using NodaTime;
using UdpSuite.Protocol.Sntp;

namespace UdpSuite.Client.Sntp;

/// <summary>
/// What one SNTP exchange tells: the server's time when it answered, the local clock's offset from it
/// (positive: the server is ahead) and the round-trip delay, plus the server's self-description.
/// </summary>
public sealed record SntpQueryResult(
    Instant ServerTime,
    Duration Offset,
    Duration Delay,
    byte Stratum,
    NtpLeapIndicator Leap,
    uint ReferenceId,
    byte Version,
    sbyte Precision,
    double RootDelaySeconds,
    double RootDispersionSeconds)
{
    /// <summary>The reference id as people read it (ASCII code at stratum 0/1, dotted IPv4 above).</summary>
    public string ReferenceIdText => NtpReferenceId.Format(ReferenceId, Stratum);
}
