using System.Net;
using NodaTime;
using UdpSuite.Client.Transport;
using UdpSuite.Protocol.Sntp;

namespace UdpSuite.Client.Sntp;

/// <summary>
/// SNTPv4 client (RFC 4330): sends one mode-3 request, accepts only a mode-4 reply that echoes its transmit
/// timestamp (so stale or spoofed packets are ignored), and computes offset and delay from T1..T4.
/// </summary>
public sealed class SntpClient
{
    private readonly IClock _clock;

    public SntpClient(IClock? clock = null) => _clock = clock ?? SystemClock.Instance;

    /// <summary>
    /// Queries <paramref name="server"/>. Throws <see cref="UdpTimeoutException"/> when no valid reply arrives in
    /// <paramref name="timeout"/>, <see cref="SntpKissOfDeathException"/> for a KoD, <see cref="UdpRequestException"/> otherwise.
    /// </summary>
    public async Task<SntpQueryResult> QueryAsync(IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        byte[] request = new byte[NtpPacket.HeaderLength];
        NtpTimestamp t1 = default;
        Instant received = default;

        // T1 is read right before the send and T4 right on receipt, so socket set-up and decoding (and their
        // first-call JIT) stay out of the measured path; they would otherwise skew the offset by half their cost.
        ReadOnlyMemory<byte> Stamp()
        {
            t1 = NtpTimestamp.FromInstant(_clock.GetCurrentInstant());
            new NtpPacket { Version = NtpPacket.HighestVersion, Mode = NtpMode.Client, TransmitTimestamp = t1 }.WriteTo(request);
            return request;
        }

        bool Accept(ReadOnlyMemory<byte> payload)
        {
            received = _clock.GetCurrentInstant();
            return IsAnswerTo(payload.Span, t1);
        }

        UdpReply reply = await new UdpRequestClient(timeout).SendAsync(server, Stamp, Accept, cancellationToken).ConfigureAwait(false);
        NtpPacket answer = NtpPacket.Decode(reply.Payload.Span).Packet;
        if (answer.IsKissOfDeath)
        {
            string code = NtpReferenceId.Format(answer.ReferenceId, 0);
            throw new SntpKissOfDeathException($"{server} sent Kiss-o'-Death {code}: stop or slow down querying it") { Code = code };
        }

        if (answer.TransmitTimestamp.IsZero)
        {
            throw new UdpRequestException($"{server} sent a reply without a transmit timestamp");
        }

        NtpTimestamp t4 = NtpTimestamp.FromInstant(received);
        SntpMeasurement measurement = SntpMeasurement.Compute(t1, answer.ReceiveTimestamp, answer.TransmitTimestamp, t4);
        return new SntpQueryResult(
            answer.TransmitTimestamp.ToInstantNear(received),
            measurement.Offset,
            measurement.Delay,
            answer.Stratum,
            answer.Leap,
            answer.ReferenceId,
            answer.Version,
            answer.Precision,
            NtpPacket.FromShortFormat(answer.RootDelay),
            NtpPacket.FromShortFormat(answer.RootDispersion));
    }

    private static bool IsAnswerTo(ReadOnlySpan<byte> payload, NtpTimestamp transmitted)
    {
        NtpDecodeResult decoded = NtpPacket.Decode(payload);
        return decoded.IsSuccess
            && decoded.Packet.Mode == NtpMode.Server
            && decoded.Packet.OriginTimestamp == transmitted;
    }
}
