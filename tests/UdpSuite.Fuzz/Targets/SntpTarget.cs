using System.Net;
using NodaTime;
using NodaTime.Testing;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;

namespace UdpSuite.Fuzz.Targets;

/// <summary>
/// SNTP: <see cref="NtpPacket.Decode"/> and the whole <see cref="SntpHandler"/> (responder + per-client rate limiter
/// with Kiss-o'-Death). Properties: decode never throws; a decoded packet re-encodes to the same 48 header bytes and
/// decodes to an equal packet; the handler never throws; a reply is exactly one 48-byte mode-4 packet (or a stratum-0
/// KoD) echoing the request's transmit time as origin, and never exceeds 3x the request.
/// The input's first byte picks which of 4 client addresses sends it, so the limiter sees several clients.
/// </summary>
internal sealed class SntpTarget : IFuzzTarget
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 8, 30, 15);
    private readonly byte[] _reply = new byte[AmplificationLimit.MaxUdpPayload];
    private readonly byte[] _encoded = new byte[NtpPacket.HeaderLength];
    private readonly SntpHandler _handler;
    private readonly SocketAddress[] _clients = Enumerable.Range(1, 4).Select(i => new IPEndPoint(IPAddress.Parse($"127.0.0.{i}"), 40000 + i).Serialize()).ToArray();

    public SntpTarget()
    {
        _handler = new SntpHandler(new FakeClock(Now), new SntpResponder(new SntpServerSettings(), new SntpRateLimiter(new SntpRateLimitOptions())));
    }

    public string Name => "sntp";

    public void Run(ReadOnlySpan<byte> input)
    {
        NtpDecodeResult decoded = NtpPacket.Decode(input);
        if (decoded.IsSuccess)
        {
            NtpPacket packet = decoded.Packet;
            Check.That(packet.WriteTo(_encoded) == NtpPacket.HeaderLength, "an NTP packet encodes to 48 bytes");
            Check.That(_encoded.AsSpan().SequenceEqual(input[..NtpPacket.HeaderLength]), "decode then encode gives the same 48 header bytes");
            NtpDecodeResult again = NtpPacket.Decode(_encoded);
            Check.That(again.IsSuccess && again.Packet == packet, "an encoded packet decodes to an equal packet");
        }

        SocketAddress client = _clients[input.IsEmpty ? 0 : input[0] & 3];
        var context = new DatagramContext(client, Now);
        HandlerResult result = _handler.Handle(input, _reply, in context);
        if (result.IsDrop || result.IsNoReply)
        {
            return;
        }

        Check.That(result.ReplyLength == NtpPacket.HeaderLength, "an SNTP reply is one 48-byte header");
        Check.That(AmplificationLimit.Allows(input.Length, result.ReplyLength), "SNTP reply within 3x of the request");
        NtpDecodeResult reply = NtpPacket.Decode(_reply.AsSpan(0, result.ReplyLength));
        // A client request (mode 3) gets mode 4; a symmetric-active one (mode 1) gets mode 2 (RFC 4330 section 5).
        NtpMode expected = decoded.IsSuccess && decoded.Packet.Mode == NtpMode.SymmetricActive ? NtpMode.SymmetricPassive : NtpMode.Server;
        Check.That(reply.IsSuccess && reply.Packet.Mode == expected, "an SNTP reply decodes as mode 4 (mode 2 to a symmetric-active request)");
        Check.That(decoded.IsSuccess && reply.Packet.OriginTimestamp == decoded.Packet.TransmitTimestamp, "an SNTP reply echoes the request's transmit time");
    }

    public IEnumerable<byte[]> Seeds()
    {
        foreach (byte version in new byte[] { 3, 4 })
        {
            var packet = new NtpPacket { Version = version, Mode = NtpMode.Client, TransmitTimestamp = NtpTimestamp.FromInstant(Now) };
            var bytes = new byte[NtpPacket.HeaderLength];
            packet.WriteTo(bytes);
            yield return bytes;
            yield return [.. bytes, .. new byte[20]]; // with a MAC-sized extension
        }

        yield return new byte[NtpPacket.HeaderLength]; // all zero: version 0, mode 0
        yield return [0x1B]; // truncated
    }
}
