using NodaTime;

namespace UdpSuite.Protocol.TimeText;

/// <summary>
/// A parsed time-text request: slices of the datagram, nothing copied.
/// <see cref="Zone"/> is empty when the request does not choose one (the server's default applies).
/// </summary>
public readonly ref struct TimeTextRequest
{
    public TimeTextRequest(ReadOnlySpan<byte> format, ReadOnlySpan<byte> zone, Instant? at)
    {
        Format = format;
        Zone = zone;
        At = at;
    }

    /// <summary>The strftime format, UTF-8 (the default format when the request gave none).</summary>
    public ReadOnlySpan<byte> Format { get; }

    /// <summary>IANA zone id from the <c>tz</c> option, UTF-8, or empty.</summary>
    public ReadOnlySpan<byte> Zone { get; }

    /// <summary>The instant from the <c>at</c> option, or null for "now".</summary>
    public Instant? At { get; }
}
