using NodaTime;
using NodaTime.Testing;
using UdpSuite.Protocol.Rfc868;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;

namespace UdpSuite.Server.Tests.Handlers;

public class Rfc868HandlerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(500)]
    public void Any_request_gets_4_bytes_of_seconds_since_1900(int requestLength)
    {
        Instant now = Instant.FromUtc(2026, 11, 24, 1, 2, 3);
        var handler = new Rfc868Handler(new FakeClock(now));
        byte[] reply = new byte[65_507];
        HandlerResult result = handler.Handle(new byte[requestLength], reply, new DatagramContext(TestAddresses.Of("10.0.0.1"), now));
        Assert.Equal(4, result.ReplyLength);
        Assert.True(Rfc868Time.TryRead(reply.AsSpan(0, 4), now, out Instant decoded));
        Assert.Equal(now, decoded);
    }
}
