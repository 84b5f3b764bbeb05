using NodaTime;
using NodaTime.TimeZones;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Daytime;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// RFC 867 Daytime over UDP: any datagram gets one CRLF-terminated ASCII line with the time in the server's zone,
/// sized to the amplification limit of the request (an empty request still gets the full line).
/// </summary>
internal sealed class DaytimeHandler : IDatagramHandler
{
    /// <summary>Drop reason when not even the short form fits (cannot happen for UDP, kept for safety).</summary>
    public const string NoRoomDropReason = "amplification";

    private readonly IClock _clock;
    private readonly DateTimeZone _zone;
    private readonly TimeRateLimiter? _limiter;

    // limiter: The per-address limit, for UDP datagrams and TCP connections; null answers everything.
    public DaytimeHandler(IClock clock, DateTimeZone zone, TimeRateLimiter? limiter = null)
    {
        _clock = clock;
        _zone = zone;
        _limiter = limiter;
    }

    public string Name => ListenerNames.Daytime;

    public HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
    {
        if (_limiter is not null && !_limiter.Allows(ListenerNames.Daytime, context.Remote, context.ReceivedAt))
        {
            return HandlerResult.Drop(TimeRateLimiter.DropReason);
        }

        Instant now = _clock.GetCurrentInstant();
        ZoneInterval interval = _zone.GetZoneInterval(now);
        int length = DaytimeText.Write(now, interval.WallOffset, interval.Name, reply, AmplificationLimit.MaxReplyLength(request.Length));
        return length > 0 ? HandlerResult.Reply(length) : HandlerResult.Drop(NoRoomDropReason);
    }
}
