using System.Net;
using BenchmarkDotNet.Attributes;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.RateLimiting;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;
using UdpSuite.Time.Strftime;
using UdpSuite.TimeZones;

namespace UdpSuite.Benchmarks;

/// <summary>SNTP encode/decode, the listeners' per-datagram handlers, and the chat frame MAC and DATA body codec.</summary>
[MemoryDiagnoser]
public class ProtocolBenchmarks
{
    private readonly byte[] _request = new byte[48];
    private readonly byte[] _reply = new byte[65_507];
    private readonly byte[] _datagram = new byte[ChatWire.MaxDatagram];
    private readonly byte[] _key = new byte[Version1Frame.KeyLength];
    private readonly byte[] _chunk = new byte[200];
    private readonly byte[] _timeRequest = "%Y-%m-%d %X"u8.ToArray();
    private SntpResponder _responder = null!;
    private SntpHandler _sntpHandler = null!;
    private TimeTextHandler _timeHandler = null!;
    private TimeTextHandler _timeHandlerZone = null!;
    private DatagramContext _context;
    private Instant _t1;
    private Instant _t2;
    private int _sealedLength;
    private int _bodyLength;

    [GlobalSetup]
    public void Setup()
    {
        new NtpPacket { Version = 4, Mode = NtpMode.Client, TransmitTimestamp = new NtpTimestamp(0x1234_5678_9ABC_DEF0UL) }.WriteTo(_request);
        _responder = new SntpResponder(new SntpServerSettings(), new AdmitEveryone());
        _t1 = Instant.FromUtc(2026, 11, 24, 1, 2, 3);
        _t2 = _t1.PlusNanoseconds(1500);
        IClock clock = SystemClock.Instance;
        var limits = new SntpRateLimitOptions { Burst = 1_000_000_000, RequestsPerSecond = 1_000_000_000 };
        _sntpHandler = new SntpHandler(clock, new SntpResponder(new SntpServerSettings(), new SntpRateLimiter(limits)));
        IDateTimeZoneProvider provider = TimeZoneProviders.CreateHost();
        var zones = new ZoneLookup(provider);
        _timeHandler = new TimeTextHandler(clock, zones, DateTimeZone.Utc, new StrftimeFormatCache());
        _timeHandlerZone = new TimeTextHandler(clock, zones, provider["Europe/Berlin"], new StrftimeFormatCache());
        var remote = new IPEndPoint(IPAddress.Loopback, 40000).Serialize();
        _context = new DatagramContext(remote, _t1);
        Random.Shared.NextBytes(_key);
        Random.Shared.NextBytes(_chunk);
        _bodyLength = SessionBodyCodec.WriteData(Version1Frame.BodyArea(_datagram), Guid.NewGuid(), 0, 1, _chunk);
        _sealedLength = Version1Frame.Seal(_datagram, ChatMessageType.Data, 42, 7, _bodyLength, _key);
    }

    [Benchmark(Description = "SntpResponder.Respond (decode+encode)")]
    public int SntpRespond() => _responder.Respond(_request, _reply, _context.Remote, _t1, _t2).Length;

    [Benchmark(Description = "NtpPacket.Decode")]
    public bool NtpDecode() => NtpPacket.Decode(_request).IsSuccess;

    [Benchmark(Description = "SntpHandler.Handle (rate limit + clock + respond)")]
    public int SntpHandle() => _sntpHandler.Handle(_request, _reply, in _context).ReplyLength;

    [Benchmark(Description = "TimeTextHandler.Handle %Y-%m-%d %X (UTC)")]
    public int TimeTextHandle() => _timeHandler.Handle(_timeRequest, _reply, in _context).ReplyLength;

    [Benchmark(Description = "TimeTextHandler.Handle %Y-%m-%d %X (Europe/Berlin)")]
    public int TimeTextHandleZone() => _timeHandlerZone.Handle(_timeRequest, _reply, in _context).ReplyLength;

    [Benchmark(Description = "Version1Frame.Seal DATA 200 B (HMAC-SHA256)")]
    public int Seal() => Version1Frame.Seal(_datagram, ChatMessageType.Data, 42, 7, _bodyLength, _key);

    [Benchmark(Description = "Version1Frame.TryOpen DATA 200 B (HMAC-SHA256)")]
    public bool Open() => Version1Frame.TryOpen(_datagram.AsSpan(0, _sealedLength), _key, out _, out _);

    [Benchmark(Description = "SessionBodyCodec DATA write+read 200 B")]
    public int DataCodec()
    {
        int n = SessionBodyCodec.WriteData(_reply, Guid.Empty, 1, 3, _chunk);
        return SessionBodyCodec.TryReadData(_reply.AsSpan(0, n), out DataFragment f) ? f.Chunk.Length : -1;
    }

    /// <summary>No rate policy, so the responder benchmark measures decode and encode alone.</summary>
    private sealed class AdmitEveryone : ISntpRateLimiter
    {
        public RateVerdict Take(SocketAddress client, Instant receivedAt) => RateVerdict.Allow;
    }
}
