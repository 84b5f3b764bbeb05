using System.Text;

namespace UdpSuite.Protocol.TimeText;

/// <summary>
/// Writes <c>ERR code: message</c> replies. If the explanation does not fit the reply budget (the 3x rule
/// for a tiny request), the reply is just <c>ERR code</c>: the code is never cut.
/// </summary>
public static class TimeTextErrorReply
{
    public static string Code(TimeTextError error) => error switch
    {
        TimeTextError.InvalidUtf8 => "utf8",
        TimeTextError.NulByte => "nul",
        TimeTextError.TooLong => "too-long",
        TimeTextError.BadOption => "option",
        TimeTextError.UnknownZone => "zone",
        TimeTextError.ResultTooBig => "too-big",
        TimeTextError.AmbiguousResult => "ambiguous",
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "not an error"),
    };

    /// <summary>A human explanation; <paramref name="detail"/> is the zone id or the size figures where relevant.</summary>
    public static string Message(TimeTextError error, string? detail = null) => error switch
    {
        TimeTextError.InvalidUtf8 => "request is not valid UTF-8",
        TimeTextError.NulByte => "format contains a NUL byte",
        TimeTextError.TooLong => $"format over {TimeTextProtocol.MaxFormatBytes} bytes or options over {TimeTextProtocol.MaxOptionsBytes} bytes",
        TimeTextError.BadOption => "options are %{tz=ZONE;at=ISO-INSTANT} before the format",
        TimeTextError.UnknownZone => $"unknown time zone '{detail}'",
        TimeTextError.ResultTooBig => $"result would be {detail}",
        TimeTextError.AmbiguousResult => "result would begin with 'ERR '",
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "not an error"),
    };

    /// <summary>Writes the error reply into <paramref name="destination"/> within <paramref name="budget"/> bytes; returns its length.</summary>
    public static int Write(TimeTextError error, string? detail, Span<byte> destination, int budget)
    {
        string full = $"ERR {Code(error)}: {Message(error, detail)}";
        if (Encoding.UTF8.GetByteCount(full) > Math.Min(budget, destination.Length))
        {
            full = $"ERR {Code(error)}";
        }

        return Encoding.UTF8.GetBytes(full, destination);
    }
}
