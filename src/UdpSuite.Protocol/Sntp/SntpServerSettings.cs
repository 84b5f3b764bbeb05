namespace UdpSuite.Protocol.Sntp;

/// <summary>
/// What the SNTP server says about its own clock. UdpSuite serves the host's clock without disciplining
/// it, exactly what chrony does with <c>local stratum 10</c>: hence the defaults stratum 10 and reference id
/// 127.127.1.1 (chrony's LOCAL refid). A stratum this high tells clients that know better sources to prefer
/// them, while a LAN with nothing else still accepts it. Set stratum 1 with an ASCII refid only when the host
/// clock really is a primary reference.
/// </summary>
public sealed record SntpServerSettings
{
    /// <summary>Stratum advertised in replies, 1..15 (default 10, as chrony's <c>local stratum</c>).</summary>
    public byte Stratum { get; init; } = 10;

    /// <summary>Reference id advertised in replies (default 127.127.1.1, chrony's local reference).</summary>
    public uint ReferenceId { get; init; } = NtpReferenceId.LocalClock;

    /// <summary>log2 seconds of the clock's precision; -20 is about one microsecond.</summary>
    public sbyte Precision { get; init; } = -20;

    /// <summary>Leap indicator advertised in replies.</summary>
    public NtpLeapIndicator Leap { get; init; } = NtpLeapIndicator.NoWarning;

    /// <summary>Root delay in seconds advertised in replies (0: the host clock is its own reference).</summary>
    public double RootDelaySeconds { get; init; }

    /// <summary>
    /// Root dispersion in seconds advertised in replies. A small non-zero value is honest (we do not know the
    /// host clock's error) and far below the 1.5 s root-distance limit clients apply.
    /// </summary>
    public double RootDispersionSeconds { get; init; } = 0.01;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a field is outside what RFC 5905 allows for a server.</summary>
    public void Validate()
    {
        if (Stratum is < 1 or > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(Stratum), Stratum, "An SNTP server's stratum is 1..15.");
        }

        if (Leap == NtpLeapIndicator.Unsynchronized)
        {
            throw new ArgumentOutOfRangeException(nameof(Leap), Leap, "A serving clock cannot advertise itself as unsynchronised.");
        }
    }
}
