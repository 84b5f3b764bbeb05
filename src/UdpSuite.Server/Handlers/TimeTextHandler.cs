using System.Text;
using NodaTime;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.TimeText;
using UdpSuite.Server.Dispatch;
using UdpSuite.Time.Strftime;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// The time-text listener: a strftime format in, the server's current time formatted with it out
/// (classic Python time-server protocol, plus the <c>%{tz=...}</c> options block and <c>ERR</c> replies).
/// </summary>
internal sealed class TimeTextHandler : IDatagramHandler
{
    private readonly IClock _clock;
    private readonly ZoneLookup _zones;
    private readonly DateTimeZone _defaultZone;
    private readonly StrftimeFormatCache _formats;
    private readonly TimeRateLimiter? _limiter;

    // limiter: The per-address limit; null (tests of the format path) answers everything.
    public TimeTextHandler(IClock clock, ZoneLookup zones, DateTimeZone defaultZone, StrftimeFormatCache formats, TimeRateLimiter? limiter = null)
    {
        _clock = clock;
        _zones = zones;
        _defaultZone = defaultZone;
        _formats = formats;
        _limiter = limiter;
    }

    public string Name => ListenerNames.TimeText;

    public HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
    {
        if (_limiter is not null && !_limiter.Allows(ListenerNames.TimeText, context.Remote, context.ReceivedAt))
        {
            return HandlerResult.Drop(TimeRateLimiter.DropReason);
        }

        int budget = Math.Min(reply.Length, AmplificationLimit.MaxReplyLength(request.Length));
        TimeTextError error = TimeTextRequestParser.Parse(request, out TimeTextRequest parsed);
        if (error != TimeTextError.None)
        {
            return HandlerResult.Reply(TimeTextErrorReply.Write(error, null, reply, budget));
        }

        DateTimeZone zone = _defaultZone;
        if (!parsed.Zone.IsEmpty && !_zones.TryFind(parsed.Zone, out zone))
        {
            return HandlerResult.Reply(TimeTextErrorReply.Write(TimeTextError.UnknownZone, Encoding.UTF8.GetString(parsed.Zone), reply, budget));
        }

        Instant instant = parsed.At ?? _clock.GetCurrentInstant();
        BrokenDownTime time = BrokenDownTime.From(instant, zone);
        FormatResult result = _formats.Get(parsed.Format).Format(in time, reply[..budget]);
        if (!result.Success)
        {
            string sizes = $"{result.RequiredLength} bytes; a {request.Length}-byte request allows {budget}";
            return HandlerResult.Reply(TimeTextErrorReply.Write(TimeTextError.ResultTooBig, sizes, reply, budget));
        }

        if (reply[..result.BytesWritten].StartsWith(TimeTextProtocol.ErrorPrefix))
        {
            return HandlerResult.Reply(TimeTextErrorReply.Write(TimeTextError.AmbiguousResult, null, reply, budget));
        }

        return HandlerResult.Reply(result.BytesWritten);
    }
}
