using NodaTime;
using UdpSuite.Protocol.Rfc868;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// RFC 868 Time over UDP: any datagram (the RFC's client sends an empty one) gets the 4-byte seconds since 1900.
/// 4 bytes is below the 56 bytes even an empty request allows.
/// </summary>
internal sealed class Rfc868Handler : IDatagramHandler
{
    private readonly IClock _clock;
    private readonly TimeRateLimiter? _limiter;

    // limiter: The per-address limit, for UDP datagrams and TCP connections; null answers everything.
    public Rfc868Handler(IClock clock, TimeRateLimiter? limiter = null)
    {
        _clock = clock;
        _limiter = limiter;
    }

    public string Name => ListenerNames.Rfc868;

    public HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context) =>
        _limiter is not null && !_limiter.Allows(ListenerNames.Rfc868, context.Remote, context.ReceivedAt)
            ? HandlerResult.Drop(TimeRateLimiter.DropReason)
            : HandlerResult.Reply(Rfc868Time.Write(_clock.GetCurrentInstant(), reply));
}
