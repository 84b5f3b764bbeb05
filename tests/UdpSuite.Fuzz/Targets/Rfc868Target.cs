using System.Buffers.Binary;
using System.Net;
using NodaTime;
using NodaTime.Testing;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Rfc868;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;

namespace UdpSuite.Fuzz.Targets;

/// <summary>
/// RFC 868 Time and RFC 867 Daytime. The servers ignore request bytes, so the input also chooses the server clock
/// (bytes 0-7: seconds between 1900 and 2200), the daytime zone (byte 8, an index into the host's zones) and the
/// client's pivot (bytes 9-12: a signed offset of up to 68 years); the rest is the request. Properties: both handlers
/// answer every request and never exceed 3x it; RFC 868 replies are 4 bytes and read back (at a pivot within half an
/// era) to the clock's whole second; daytime replies are printable ASCII ending in CRLF; the client's
/// <see cref="Rfc868Time.TryRead"/> never throws and accepts exactly 4-byte replies.
/// </summary>
internal sealed class Rfc868Target : IFuzzTarget
{
    private static readonly Instant Base = Instant.FromUtc(1900, 1, 1, 0, 0);
    private const long Span = 300L * 365 * 86_400;
    private readonly byte[] _reply = new byte[AmplificationLimit.MaxUdpPayload];
    private readonly IDateTimeZoneProvider _zones = UdpSuite.TimeZones.TimeZoneProviders.CreateDefault();
    private readonly string[] _zoneIds;
    private readonly FakeClock _clock = new(Base);
    private readonly Rfc868Handler _rfc868;
    private readonly Dictionary<string, DaytimeHandler> _daytime = new(StringComparer.Ordinal);
    private readonly DatagramContext _context = new(new IPEndPoint(IPAddress.Loopback, 40000).Serialize(), Base);

    public Rfc868Target()
    {
        _zoneIds = [.. _zones.Ids.Order(StringComparer.Ordinal)];
        _rfc868 = new Rfc868Handler(_clock);
    }

    public string Name => "rfc868";

    public void Run(ReadOnlySpan<byte> input)
    {
        Span<byte> header = stackalloc byte[13];
        input[..Math.Min(13, input.Length)].CopyTo(header);
        ReadOnlySpan<byte> request = input.Length > 13 ? input[13..] : input;
        long seconds = (long)(BinaryPrimitives.ReadUInt64BigEndian(header) % Span);
        Instant now = Base + Duration.FromSeconds(seconds) + Duration.FromMilliseconds(header[7] * 3);
        _clock.Reset(now);

        HandlerResult time = _rfc868.Handle(request, _reply, in _context);
        Check.That(time.ReplyLength == Rfc868Time.Length && AmplificationLimit.Allows(request.Length, time.ReplyLength), "RFC 868 reply is 4 bytes, within 3x");
        int pivotShift = BinaryPrimitives.ReadInt32BigEndian(header[9..]) / 2; // |shift| < 2^31 s: within half an era
        Instant pivot = now + Duration.FromSeconds(pivotShift);
        Check.That(Rfc868Time.TryRead(_reply.AsSpan(0, 4), pivot, out Instant read), "a 4-byte RFC 868 reply reads");
        Check.That(read == Base + Duration.FromSeconds(seconds), "RFC 868 round trip gives the clock's whole second");
        Check.That(Rfc868Time.TryRead(request, pivot, out _) == (request.Length == 4), "RFC 868 client accepts exactly 4 bytes");

        string zoneId = _zoneIds[header[8] % _zoneIds.Length];
        if (!_daytime.TryGetValue(zoneId, out DaytimeHandler? daytime))
        {
            daytime = new DaytimeHandler(_clock, _zones[zoneId]);
            _daytime[zoneId] = daytime;
        }

        HandlerResult day = daytime.Handle(request, _reply, in _context);
        Check.That(!day.IsDrop && day.ReplyLength > 2, "daytime answers every request");
        Check.That(AmplificationLimit.Allows(request.Length, day.ReplyLength), "daytime reply within 3x of the request");
        ReadOnlySpan<byte> line = _reply.AsSpan(0, day.ReplyLength);
        Check.That(line.EndsWith("\r\n"u8), "daytime reply ends in CRLF");
        foreach (byte b in line[..^2])
        {
            Check.That(b is >= 0x20 and < 0x7F, "daytime reply is printable ASCII");
        }
    }

    public IEnumerable<byte[]> Seeds()
    {
        yield return [];
        yield return [0x00];
        yield return new byte[40];
        var seed = new byte[13 + 4];
        BinaryPrimitives.WriteUInt64BigEndian(seed, 3_973_000_000UL);
        seed[8] = 17;
        yield return seed;
    }
}
