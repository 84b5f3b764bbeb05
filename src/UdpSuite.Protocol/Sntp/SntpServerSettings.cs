namespace UdpSuite.Protocol.Sntp;

/// <summary>
/// What the SNTP server says about its own clock (configuration section <c>Server:Ntp</c>). UdpSuite serves the host's
/// clock without disciplining it, exactly what chrony does with <c>local stratum 10</c>: hence the defaults stratum 10
/// and reference id 127.127.1.1 (chrony's LOCAL refid). A stratum this high tells clients that know better sources to
/// prefer them, while a LAN with nothing else still accepts it. Set stratum 1 with an ASCII refid only when the host
/// clock really is a primary reference. The server validates configured values against the limits below at start-up.
/// </summary>
public sealed record SntpServerSettings
{
    /// <summary>Lowest stratum a server may advertise (a primary reference); 0 means Kiss-o'-Death.</summary>
    public const byte LowestStratum = 1;

    /// <summary>Highest stratum a synchronised server may advertise; 16 means unsynchronised.</summary>
    public const byte HighestStratum = 15;

    /// <summary>Stratum advertised in replies, <see cref="LowestStratum"/>..<see cref="HighestStratum"/> (default 10, as chrony's <c>local stratum</c>).</summary>
    public byte Stratum { get; init; } = 10;

    /// <summary>Reference id advertised in replies, as a 32-bit number (default 127.127.1.1, chrony's local reference).</summary>
    public uint ReferenceId { get; init; } = NtpReferenceId.LocalClock;

    /// <summary>log2 seconds of the clock's precision; -20 is about one microsecond.</summary>
    public sbyte Precision { get; init; } = -20;

    /// <summary>Leap indicator advertised in replies; never <see cref="NtpLeapIndicator.Unsynchronized"/> for a serving clock.</summary>
    public NtpLeapIndicator Leap { get; init; } = NtpLeapIndicator.NoWarning;

    /// <summary>Root delay in seconds advertised in replies (0: the host clock is its own reference).</summary>
    public double RootDelaySeconds { get; init; }

    /// <summary>
    /// Root dispersion in seconds advertised in replies. A small non-zero value is honest (we do not know the
    /// host clock's error) and far below the 1.5 s root-distance limit clients apply.
    /// </summary>
    public double RootDispersionSeconds { get; init; } = 0.01;
}
