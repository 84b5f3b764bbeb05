using NodaTime;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// SNTPv4 server mode: answers client requests through <see cref="SntpResponder"/>, reading the clock a second time
/// for the transmit timestamp. Only well-formed client requests consume rate-limit state, so garbage cannot fill the
/// client table; clients over their rate get Kiss-o'-Death RATE, and those over their KoD budget get nothing.
/// </summary>
public sealed class SntpHandler : IDatagramHandler
{
    private const int HighestVersion = 4;

    private readonly IClock _clock;
    private readonly SntpResponder _responder;
    private readonly SntpClientRateLimiter _rateLimiter;

    public SntpHandler(IClock clock, SntpResponder responder, SntpClientRateLimiter rateLimiter)
    {
        _clock = clock;
        _responder = responder;
        _rateLimiter = rateLimiter;
    }

    public string Name => ListenerNames.Sntp;

    public HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
    {
        SntpRateVerdict verdict = IsClientRequest(request)
            ? _rateLimiter.Check(ClientAddressKey.From(context.Remote))
            : SntpRateVerdict.Allow;
        SntpResponse response = _responder.Respond(request, reply, context.ReceivedAt, _clock.GetCurrentInstant(), verdict);
        return response.Kind == SntpResponseKind.Drop ? HandlerResult.Drop(response.DropReason!) : HandlerResult.Reply(response.Length);
    }

    private static bool IsClientRequest(ReadOnlySpan<byte> request)
    {
        if (request.Length < NtpPacket.HeaderLength)
        {
            return false;
        }

        int version = (request[0] >> 3) & 0x7;
        return (request[0] & 0x7) == (int)NtpMode.Client && version is >= 1 and <= HighestVersion;
    }
}
