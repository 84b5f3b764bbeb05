using NodaTime;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// The <c>sntp</c> listener: reads the clock a second time for the transmit timestamp and lets <see cref="SntpResponder"/>
/// decide (decode, rate policy, answer) and write the reply.
/// </summary>
public sealed class SntpHandler : IDatagramHandler
{
    private readonly IClock _clock;
    private readonly SntpResponder _responder;

    public SntpHandler(IClock clock, SntpResponder responder)
    {
        _clock = clock;
        _responder = responder;
    }

    public string Name => ListenerNames.Sntp;

    public HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
    {
        SntpResponse response = _responder.Respond(request, reply, context.Remote, context.ReceivedAt, _clock.GetCurrentInstant());
        return response.Kind == SntpResponseKind.Drop ? HandlerResult.Drop(response.DropReason!) : HandlerResult.Reply(response.Length);
    }
}
