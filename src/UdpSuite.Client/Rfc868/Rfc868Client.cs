using System.Net;
using NodaTime;
using UdpSuite.Client.Transport;
using UdpSuite.Protocol.Rfc868;

namespace UdpSuite.Client.Rfc868;

/// <summary>RFC 868 Time client over UDP: sends an empty datagram, reads the 4-byte reply in the era nearest the local clock.</summary>
public sealed class Rfc868Client
{
    private readonly IClock _clock;

    public Rfc868Client(IClock? clock = null) => _clock = clock ?? SystemClock.Instance;

    /// <summary>Returns the server's time (whole seconds) and the round trip; throws on timeout or a reply that is not 4 bytes.</summary>
    public async Task<(Instant Time, TimeSpan RoundTrip)> QueryAsync(IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        UdpReply reply = await new UdpRequestClient(timeout).SendAsync(server, ReadOnlyMemory<byte>.Empty, null, cancellationToken).ConfigureAwait(false);
        if (!Rfc868Time.TryRead(reply.Payload.Span, _clock.GetCurrentInstant(), out Instant time))
        {
            throw new UdpRequestException($"{server} sent {reply.Payload.Length} bytes; an RFC 868 reply is exactly 4");
        }

        return (time, reply.RoundTrip);
    }
}
