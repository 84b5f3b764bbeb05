using System.Net;
using System.Text;
using NodaTime;
using NodaTime.Testing;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;
using UdpSuite.Time.Strftime;

namespace UdpSuite.Server.Tests.Handlers;

public sealed class TimeTextHandlerTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 8, 30, 15) + Duration.FromMilliseconds(250);
    private readonly TimeTextHandler _handler;

    public TimeTextHandlerTests()
    {
        IDateTimeZoneProvider zones = TestZones.Provider;
        _handler = new TimeTextHandler(new FakeClock(Now), new ZoneLookup(zones), zones["UTC"], new StrftimeFormatCache());
    }

    private string Ask(string request) => Ask(Encoding.UTF8.GetBytes(request));

    private string Ask(byte[] request)
    {
        byte[] reply = new byte[AmplificationLimit.MaxUdpPayload];
        var context = new DatagramContext(new IPEndPoint(IPAddress.Loopback, 5000).Serialize(), Now);
        HandlerResult result = _handler.Handle(request, reply, in context);
        Assert.False(result.IsDrop);
        Assert.True(result.ReplyLength + 28 <= 3 * (request.Length + 28), "amplification limit");
        return Encoding.UTF8.GetString(reply, 0, result.ReplyLength);
    }

    [Fact]
    public void Empty_request_gets_the_classic_default_format()
    {
        Assert.Equal("2026-11-24 08:30:15", Ask(""));
    }

    [Fact]
    public void Format_is_applied_to_the_injected_clock()
    {
        Assert.Equal("08:30 Tue 250000 +0000 UTC", Ask("%H:%M %a %f %z %Z"));
    }

    [Fact]
    public void Zone_option_selects_the_zone()
    {
        Assert.Equal("16:30 CST +0800", Ask("%{tz=Asia/Shanghai}%H:%M %Z %z"));
        Assert.Equal("03:30 EST", Ask("%{zone=America/New_York}%H:%M %Z"));
    }

    [Fact]
    public void At_option_formats_a_given_instant()
    {
        Assert.Equal("1969-12-31 19:00:00 EST 0", Ask("%{tz=America/New_York;at=1970-01-01T00:00:00Z}%F %T %Z %s"));
    }

    [Fact]
    public void Unknown_zone_gets_a_zone_error()
    {
        Assert.Equal("ERR zone: unknown time zone 'Mars/Olympus'", Ask("%{tz=Mars/Olympus}%H:%M........................"));
        Assert.StartsWith("ERR zone", Ask("%{tz=../../etc/passwd}%H"));
    }

    [Fact]
    public void Invalid_utf8_gets_a_utf8_error()
    {
        Assert.Equal("ERR utf8: request is not valid UTF-8", Ask([0x25, 0x48, 0xFF, 0xFE]));
    }

    [Fact]
    public void Over_long_format_gets_a_too_long_error()
    {
        Assert.StartsWith("ERR too-long", Ask(new string('x', 1025)));
    }

    [Fact]
    public void Result_over_three_times_the_request_gets_a_too_big_error_within_the_limit()
    {
        string reply = Ask("%100Y");
        Assert.StartsWith("ERR too-big", reply);
        Assert.Equal(new string('0', 96) + "2026", Ask("%100Y" + new string(' ', 20)).TrimEnd());
        Assert.StartsWith("ERR too-big", Ask("%2147483647Y"));
    }

    [Fact]
    public void A_time_reply_never_starts_with_the_error_prefix()
    {
        Assert.StartsWith("ERR ambiguous", Ask("ERR %H"));
    }
}
