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

    public Rfc868Handler(IClock clock) => _clock = clock;

    public string Name => ListenerNames.Rfc868;

    public HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context) =>
        HandlerResult.Reply(Rfc868Time.Write(_clock.GetCurrentInstant(), reply));
}
