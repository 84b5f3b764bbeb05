using UdpSuite.Protocol.Amplification;

namespace UdpSuite.Protocol.Tests.Amplification;

public class AmplificationLimitTests
{
    [Theory]
    [InlineData(0, 56)]
    [InlineData(1, 59)]
    [InlineData(48, 200)]
    [InlineData(30_000, 65_507)]
    public void Limit_is_three_times_request_on_the_wire(int request, int expected)
    {
        Assert.Equal(expected, AmplificationLimit.MaxReplyLength(request));
    }

    [Fact]
    public void Negative_lengths_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AmplificationLimit.MaxReplyLength(-1));
    }
}
