using UdpSuite.Server.Hosting;

namespace UdpSuite.Server.Tests.Hosting;

public class ListenerPortTests
{
    [Theory]
    [InlineData("0", true, 0)]
    [InlineData("123", true, 123)]
    [InlineData(" 65535 ", true, 65535)]
    [InlineData("off", false, 0)]
    [InlineData("OFF", false, 0)]
    public void Parses_numbers_zero_and_off(string text, bool enabled, int number)
    {
        Assert.True(ListenerPort.TryParse(text, out ListenerPort port));
        Assert.Equal(port, ListenerPort.Parse(text));
        Assert.Equal(new ListenerPort(enabled, number), port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("65536")]
    [InlineData("abc")]
    [InlineData(null)]
    public void Rejects_everything_else(string? text)
    {
        Assert.False(ListenerPort.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ListenerPort.Parse(text));
    }
}
