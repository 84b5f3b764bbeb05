using System.Net;
using System.Text;
using System.Text.Unicode;
using NodaTime;
using NodaTime.Testing;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.TimeText;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;
using UdpSuite.Time.Strftime;

namespace UdpSuite.Fuzz.Targets;

/// <summary>
/// time-text: the request parser and the whole <see cref="TimeTextHandler"/> (options block, zone lookup on the host
/// tzdb, strftime on any format). Properties: the parser never throws; the handler never drops a request and never
/// throws; every reply fits 3x the request (28 header bytes counted both ways) and is valid UTF-8; an error reply
/// starts with the ERR prefix and a request the parser refuses always gets one.
/// </summary>
internal sealed class TimeTextTarget : IFuzzTarget
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 8, 30, 15) + Duration.FromMilliseconds(250);
    private readonly byte[] _reply = new byte[AmplificationLimit.MaxUdpPayload];
    private readonly TimeTextHandler _handler;
    private readonly DatagramContext _context = new(new IPEndPoint(IPAddress.Loopback, 40000).Serialize(), Now);

    public TimeTextTarget()
    {
        IDateTimeZoneProvider zones = UdpSuite.TimeZones.TimeZoneProviders.CreateDefault();
        _handler = new TimeTextHandler(new FakeClock(Now), new ZoneLookup(zones), zones["UTC"], new StrftimeFormatCache());
    }

    public string Name => "timetext";

    public void Run(ReadOnlySpan<byte> input)
    {
        TimeTextError parsed = TimeTextRequestParser.Parse(input, out _);
        HandlerResult result = _handler.Handle(input, _reply, in _context);
        Check.That(!result.IsDrop && !result.IsNoReply, "time-text answers every request");
        Check.That(result.ReplyLength >= 0 && AmplificationLimit.Allows(input.Length, result.ReplyLength), "time-text reply within 3x of the request");
        ReadOnlySpan<byte> reply = _reply.AsSpan(0, result.ReplyLength);
        Check.That(Utf8.IsValid(reply), "time-text reply is valid UTF-8");
        if (parsed != TimeTextError.None)
        {
            Check.That(reply.StartsWith(TimeTextProtocol.ErrorPrefix), "a refused request gets an ERR reply");
        }
    }

    public IEnumerable<byte[]> Seeds() =>
        new[]
        {
            "", "%Y-%m-%d %X", "%H:%M:%S", "%a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %k %l %m %M %n %p %P %r %R %s %S %t %T %u %U %V %w %W %x %X %y %Y %z %Z %% %f",
            "%{tz=Asia/Shanghai}%F %T %Z", "%{zone=America/New_York;at=2026-03-08T07:30:00Z}%c %z", "%{}%{not-an-option}", "%{tz=No/Such_Zone}%T",
            "%_10H %-d %010Y %^a %#Z %E %O %q", "%{at=9999-12-31T23:59:59Z}%G-W%V-%u", "%{tz=Europe/London;at=0001-01-01T00:00:00Z}%c",
            new string('%', 40) + "Y", "%1000Y", "狗哥alex %Y年%m月%d日",
        }.Select(Encoding.UTF8.GetBytes);
}
