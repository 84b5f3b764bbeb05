using System.Net;
using NodaTime;
using UdpSuite.Protocol.RateLimiting;

namespace UdpSuite.Protocol.Sntp;

/// <summary>
/// The SNTP server's decision for one request (RFC 4330 section 5, RFC 5905), rate policy included, as ntpd-rs's
/// <c>Server::handle</c>: decode once, drop what is not a client request, ask the injected <see cref="ISntpRateLimiter"/>,
/// then answer with the time, a Kiss-o'-Death RATE packet or nothing. No clock reads and no I/O: the caller passes the
/// clock readings and sends the bytes.
/// Guarantees: only mode-3 (client) and mode-1 (symmetric active) requests of versions 1..<see cref="NtpPacket.HighestVersion"/>
/// with a full 48-byte header are answered, and only they reach the limiter; mode 3 gets mode 4 (server) and mode 1 gets
/// mode 2 (symmetric passive), as RFC 4330 section 5 says; the reply is exactly 48 bytes, never longer than the request,
/// so it respects the 3x amplification rule.
/// </summary>
public sealed class SntpResponder
{
    private const sbyte MaxPoll = 17;

    private readonly SntpServerSettings _settings;
    private readonly ISntpRateLimiter _rateLimiter;
    private readonly uint _rootDelay;
    private readonly uint _rootDispersion;

    public SntpResponder(SntpServerSettings settings, ISntpRateLimiter rateLimiter)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(rateLimiter);
        _settings = settings;
        _rateLimiter = rateLimiter;
        _rootDelay = NtpPacket.ToShortFormat(settings.RootDelaySeconds);
        _rootDispersion = NtpPacket.ToShortFormat(settings.RootDispersionSeconds);
    }

    /// <summary>
    /// Decides how to answer <paramref name="request"/> from <paramref name="client"/> and writes the reply into
    /// <paramref name="reply"/> (which must hold 48 bytes). <paramref name="receivedAt"/> and <paramref name="transmitAt"/>
    /// are the server clock readings for the receive and transmit timestamps; <paramref name="receivedAt"/> is also the
    /// time the limiter is asked at.
    /// </summary>
    public SntpResponse Respond(ReadOnlySpan<byte> request, Span<byte> reply, SocketAddress client, Instant receivedAt, Instant transmitAt)
    {
        NtpDecodeResult decoded = NtpPacket.Decode(request);
        if (!decoded.IsSuccess)
        {
            return SntpResponse.Drop(decoded.Error == NtpDecodeError.TooShort ? SntpDropReasons.TooShort : SntpDropReasons.BadVersion);
        }

        NtpPacket query = decoded.Packet;
        if (query.Version > NtpPacket.HighestVersion)
        {
            return SntpResponse.Drop(SntpDropReasons.BadVersion);
        }

        if (query.Mode is not (NtpMode.Client or NtpMode.SymmetricActive))
        {
            // Passive, broadcast, control and private modes are not SNTP server business; answering
            // mode 6/7 is also the classic amplification vector.
            return SntpResponse.Drop(SntpDropReasons.NotClientMode);
        }

        // RFC 4330 section 5: a symmetric active peer (some old ntpd and router configurations) is answered as a
        // symmetric passive one, with the same stateless reply; no association is kept.
        NtpMode replyMode = query.Mode == NtpMode.SymmetricActive ? NtpMode.SymmetricPassive : NtpMode.Server;

        RateVerdict verdict = _rateLimiter.Take(client, receivedAt);
        if (verdict == RateVerdict.Drop)
        {
            return SntpResponse.Drop(SntpDropReasons.RateLimited);
        }

        sbyte poll = query.Poll < 0 ? (sbyte)0 : query.Poll > MaxPoll ? MaxPoll : query.Poll;
        if (verdict == RateVerdict.DropAndNotify)
        {
            return new SntpResponse(SntpResponseKind.KissOfDeath, WriteKissOfDeath(query, replyMode, poll, reply), null);
        }

        NtpTimestamp receive = NtpTimestamp.FromInstant(receivedAt);
        var answer = new NtpPacket
        {
            Leap = _settings.Leap,
            Version = query.Version,
            Mode = replyMode,
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

    private int WriteKissOfDeath(in NtpPacket query, NtpMode replyMode, sbyte poll, Span<byte> reply)
    {
        // RFC 5905 7.4: stratum 0 and the kiss code in the refid. Like ntpd, every timestamp repeats the
        // client's transmit timestamp: the client can match the KoD to its request, but it learns no time
        // from a packet it should not have asked for.
        var kiss = new NtpPacket
        {
            Leap = NtpLeapIndicator.Unsynchronized,
            Version = query.Version,
            Mode = replyMode,
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
