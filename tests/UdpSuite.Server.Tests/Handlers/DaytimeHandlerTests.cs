using System.Text;
using NodaTime;
using NodaTime.Testing;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;

namespace UdpSuite.Server.Tests.Handlers;

public class DaytimeHandlerTests
{
    private static string Reply(string zone, Instant now, int requestLength = 0)
    {
        var handler = new DaytimeHandler(new FakeClock(now), DateTimeZoneProviders.Tzdb[zone]);
        byte[] reply = new byte[65_507];
        HandlerResult result = handler.Handle(new byte[requestLength], reply, new DatagramContext(TestAddresses.Of("10.0.0.1"), now));
        return Encoding.ASCII.GetString(reply, 0, result.ReplyLength);
    }

    [Fact]
    public void Replies_in_the_server_zone_with_its_abbreviation()
    {
        Assert.Equal("Tuesday, November 24, 2026 09:02:03-CST\r\n", Reply("Asia/Shanghai", Instant.FromUtc(2026, 11, 24, 1, 2, 3)));
        Assert.Equal("Monday, November 23, 2026 20:02:03-EST\r\n", Reply("America/New_York", Instant.FromUtc(2026, 11, 24, 1, 2, 3)));
    }

    [Fact]
    public void Empty_request_reply_fits_56_bytes_in_every_zone()
    {
        foreach (string zone in DateTimeZoneProviders.Tzdb.Ids)
        {
            string line = Reply(zone, Instant.FromUtc(2027, 9, 29, 23, 59, 59));
            Assert.InRange(line.Length, 27, 56);
            Assert.EndsWith("\r\n", line);
        }
    }
}
