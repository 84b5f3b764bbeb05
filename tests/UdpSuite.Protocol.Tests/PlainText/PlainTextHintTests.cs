using System.Text;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.PlainText;

namespace UdpSuite.Protocol.Tests.PlainText;

public sealed class PlainTextHintTests
{
    [Theory]
    [InlineData("hello")]
    [InlineData("你好，在吗？\r\n")]
    [InlineData("tab\tseparated 🚀")]
    public void Typed_text_is_plain_text(string text) => Assert.True(PlainTextHint.IsPlainText(Encoding.UTF8.GetBytes(text)));

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x20, 0x0A })]                  // only white space
    [InlineData(new byte[] { 0x55, 0x43, 0x02, 0x00 })]      // a protocol header
    [InlineData(new byte[] { 0x1B, 0x5B, 0x32, 0x4A })]      // ESC [2J
    [InlineData(new byte[] { 0x68, 0x69, 0xC2, 0x85 })]      // "hi" + C1 NEL
    [InlineData(new byte[] { 0x68, 0xE4, 0xBD })]            // truncated UTF-8
    [InlineData(new byte[] { 0xC0, 0xAF })]                  // overlong encoding
    public void Binary_controls_and_malformed_utf8_are_not(byte[] datagram) => Assert.False(PlainTextHint.IsPlainText(datagram));

    [Fact]
    public void The_hint_is_cut_to_the_three_times_limit_at_a_character_boundary()
    {
        byte[] hint = Encoding.UTF8.GetBytes(new string('x', 58) + "请用 udpsuite");
        byte[] destination = new byte[200];

        int length = PlainTextHint.Write(hint, requestLength: 1, destination);

        Assert.True(AmplificationLimit.Allows(1, length));
        Assert.Equal(AmplificationLimit.MaxReplyLength(1) - 1, length); // 3x allows 59 bytes: "请" (3 bytes) would end at 61
        Assert.Equal(new string('x', 58), Encoding.UTF8.GetString(destination, 0, length));
    }

    [Fact]
    public void A_short_hint_is_written_whole()
    {
        byte[] destination = new byte[200];

        int length = PlainTextHint.Write("use udpsuite\n"u8, requestLength: 0, destination);

        Assert.Equal("use udpsuite\n", Encoding.UTF8.GetString(destination, 0, length));
    }
}
