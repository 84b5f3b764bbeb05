using NodaTime;

namespace UdpSuite.Protocol.Sntp;

/// <summary>
/// The SNTP server's decision for one request (RFC 4330 section 5, RFC 5905): pure, no clock reads and no I/O.
/// Guarantees: only mode-3 (client) requests of versions 1..4 with a full 48-byte header are answered;
/// the reply is exactly 48 bytes, never longer than the request, so it respects the 3x amplification rule.
/// </summary>
public sealed class SntpResponder
{
    private const int HighestVersion = 4;
    private const sbyte MaxPoll = 17;

    private readonly SntpServerSettings _settings;
    private readonly uint _rootDelay;
    private readonly uint _rootDispersion;

    public SntpResponder(SntpServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _rootDelay = NtpPacket.ToShortFormat(settings.RootDelaySeconds);
        _rootDispersion = NtpPacket.ToShortFormat(settings.RootDispersionSeconds);
    }

    /// <summary>
    /// Decides how to answer <paramref name="request"/> and writes the reply into <paramref name="reply"/>
    /// (which must hold 48 bytes). <paramref name="receivedAt"/> and <paramref name="transmitAt"/> are the server
    /// clock readings for the receive and transmit timestamps; <paramref name="verdict"/> is the rate limiter's.
    /// </summary>
    public SntpResponse Respond(ReadOnlySpan<byte> request, Span<byte> reply, Instant receivedAt, Instant transmitAt, SntpRateVerdict verdict)
    {
        NtpDecodeResult decoded = NtpPacket.Decode(request);
        if (!decoded.IsSuccess)
        {
            return SntpResponse.Drop(decoded.Error == NtpDecodeError.TooShort ? SntpDropReasons.TooShort : SntpDropReasons.BadVersion);
        }

        NtpPacket query = decoded.Packet;
        if (query.Version > HighestVersion)
        {
            return SntpResponse.Drop(SntpDropReasons.BadVersion);
        }

        if (query.Mode != NtpMode.Client)
        {
            // Symmetric, broadcast, control and private modes are not SNTP server business; answering
            // mode 6/7 is also the classic amplification vector.
            return SntpResponse.Drop(SntpDropReasons.NotClientMode);
        }

        if (verdict == SntpRateVerdict.Silence)
        {
            return SntpResponse.Drop(SntpDropReasons.RateLimited);
        }

        sbyte poll = query.Poll < 0 ? (sbyte)0 : query.Poll > MaxPoll ? MaxPoll : query.Poll;
        if (verdict == SntpRateVerdict.KissOfDeath)
        {
            return new SntpResponse(SntpResponseKind.KissOfDeath, WriteKissOfDeath(query, poll, reply), null);
        }

        NtpTimestamp receive = NtpTimestamp.FromInstant(receivedAt);
        var answer = new NtpPacket
        {
            Leap = _settings.Leap,
            Version = query.Version,
            Mode = NtpMode.Server,
            Stratum = _settings.Stratum,
            Poll = poll,
            Precision = _settings.Precision,
            RootDelay = _rootDelay,
            RootDispersion = _rootDispersion,
            ReferenceId = _settings.ReferenceId,
            // We cannot know when the host clock was last disciplined. The start of the current second is
            // never in the future (clients reject a reference time after the transmit time) and recent.
            ReferenceTimestamp = new NtpTimestamp(receive.Value & 0xFFFF_FFFF_0000_0000UL),
            OriginTimestamp = query.TransmitTimestamp,
            ReceiveTimestamp = receive,
            TransmitTimestamp = NtpTimestamp.FromInstant(transmitAt),
        };
        return new SntpResponse(SntpResponseKind.Reply, answer.WriteTo(reply), null);
    }

    private int WriteKissOfDeath(in NtpPacket query, sbyte poll, Span<byte> reply)
    {
        // RFC 5905 7.4: stratum 0 and the kiss code in the refid. Like ntpd, every timestamp repeats the
        // client's transmit timestamp: the client can match the KoD to its request, but it learns no time
        // from a packet it should not have asked for.
        var kiss = new NtpPacket
        {
            Leap = NtpLeapIndicator.Unsynchronized,
            Version = query.Version,
            Mode = NtpMode.Server,
            Stratum = 0,
            Poll = poll,
            Precision = _settings.Precision,
            ReferenceId = NtpReferenceId.Rate,
            ReferenceTimestamp = query.TransmitTimestamp,
            OriginTimestamp = query.TransmitTimestamp,
            ReceiveTimestamp = query.TransmitTimestamp,
            TransmitTimestamp = query.TransmitTimestamp,
        };
        return kiss.WriteTo(reply);
    }
}
