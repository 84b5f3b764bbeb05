using System.Text;
using UdpSuite.Protocol.Lan;

namespace UdpSuite.Protocol.Tests.Lan;

public sealed class IpMsgCodecTests
{
    private static readonly Encoding Gb = IpMsgEncodings.Gb18030;

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    [Fact]
    public void Reads_an_ip_messenger_send_with_sendcheck()
    {
        // 0x120 = SENDMSG | SENDCHECKOPT, as IP Messenger writes it.
        IpMsgDecodeResult result = IpMsgCodec.Decode(Ascii("1:1700000001:alice:pc1:288:hello: world\0"), Gb);

        Assert.True(result.IsSuccess);
        IpMsgPacket packet = result.Packet!;
        Assert.Equal("1", packet.Version);
        Assert.Equal(1700000001UL, packet.PacketNumber);
        Assert.Equal("alice", packet.User);
        Assert.Equal("pc1", packet.Host);
        Assert.Equal(IpMsgCommand.SendMsg, packet.Mode);
        Assert.True(packet.Has(IpMsgCommand.SendCheckOpt));
        Assert.False(packet.Has(IpMsgCommand.SecretOpt));
        Assert.Equal("hello: world", packet.Text);
        Assert.Empty(packet.Parts);
        Assert.False(packet.Utf8);
    }

    [Fact]
    public void Reads_a_feiq_style_gbk_message_as_gb18030()
    {
        byte[] text = Gb.GetBytes("你好，世界");
        byte[] datagram = [.. Ascii("1_lbt6_0#128#000C29D4E5F6#0#0#0#4001#9:42:wang:WANG-PC:288:"), .. text, 0];

        IpMsgPacket packet = IpMsgCodec.Decode(datagram, Gb).Packet!;

        Assert.Equal("你好，世界", packet.Text);
        Assert.Equal(0, packet.ReplacedCharacters);
    }

    [Fact]
    public void Utf8opt_switches_the_text_to_utf8()
    {
        uint command = IpMsgCommand.SendMsg | IpMsgCommand.SendCheckOpt | IpMsgCommand.Utf8Opt;
        byte[] datagram = [.. Ascii($"1:7:bob:box:{command}:"), .. Encoding.UTF8.GetBytes("早上好 ☀"), 0];

        IpMsgPacket packet = IpMsgCodec.Decode(datagram, Gb).Packet!;

        Assert.True(packet.Utf8);
        Assert.Equal("早上好 ☀", packet.Text);
    }

    [Fact]
    public void A_peer_known_to_use_utf8_is_read_as_utf8_without_the_bit()
    {
        byte[] datagram = [.. Ascii("1:7:bob:box:288:"), .. Encoding.UTF8.GetBytes("早上好"), 0];

        Assert.Equal("早上好", IpMsgCodec.Decode(datagram, Gb, peerUsesUtf8: true).Packet!.Text);
    }

    [Fact]
    public void A_gb18030_packet_from_a_peer_known_to_use_utf8_is_still_read_as_gb18030()
    {
        byte[] datagram = [.. Ascii("1:7:bob:box:288:"), .. Gb.GetBytes("早上好，世界"), 0];

        IpMsgPacket packet = IpMsgCodec.Decode(datagram, Gb, peerUsesUtf8: true).Packet!;

        Assert.False(packet.Utf8);
        Assert.Equal("早上好，世界", packet.Text);
    }

    [Fact]
    public void An_iptux_entry_naming_utf8_in_its_last_part_is_read_as_utf8()
    {
        byte[] datagram = [.. Ascii("1_iptux 0.9.0:5:li:linuxbox:1:"), .. Encoding.UTF8.GetBytes("小李\0研发部\0icon-tux.png\0utf-8\0")];

        IpMsgPacket packet = IpMsgCodec.Decode(datagram, Gb).Packet!;

        Assert.True(packet.Utf8);
        Assert.True(packet.AnnouncesUtf8);
        Assert.Equal("小李", packet.Text);
        Assert.Equal("研发部", packet.Group);
        Assert.Equal(["研发部", "icon-tux.png", "utf-8"], packet.Parts);
    }

    [Fact]
    public void Caputf8opt_on_an_entry_announces_utf8()
    {
        uint command = IpMsgCommand.BrEntry | IpMsgCommand.CapUtf8Opt;
        IpMsgPacket packet = IpMsgCodec.Decode(Ascii($"1:5:u:h:{command}:nick\0group\0"), Gb).Packet!;

        Assert.True(packet.AnnouncesUtf8);
        Assert.False(packet.Utf8); // the bit says what the peer understands, not how this packet is written
        Assert.Equal("group", packet.Group);
    }

    [Fact]
    public void Undecodable_bytes_read_as_replacement_characters_and_are_counted()
    {
        uint command = IpMsgCommand.SendMsg | IpMsgCommand.Utf8Opt;
        byte[] datagram = [.. Ascii($"1:7:bob:box:{command}:a"), 0xC3, 0x28, 0xFF, (byte)'b', 0];

        IpMsgPacket packet = IpMsgCodec.Decode(datagram, Gb).Packet!;

        Assert.StartsWith("a\uFFFD", packet.Text);
        Assert.EndsWith("b", packet.Text);
        Assert.True(packet.ReplacedCharacters >= 2);
    }

    [Fact]
    public void Recvmsg_carries_the_acknowledged_packet_number()
    {
        IpMsgPacket packet = IpMsgCodec.Decode(Ascii("1:9:bob:box:33:1700000001\0"), Gb).Packet!;

        Assert.Equal(IpMsgCommand.RecvMsg, packet.Mode);
        Assert.True(packet.TryReadAcknowledged(out ulong acknowledged));
        Assert.Equal(1700000001UL, acknowledged);
    }

    public static TheoryData<string, IpMsgDecodeError> Malformed() => new()
    {
        { "", IpMsgDecodeError.Empty },
        { "1:2:u:h:32", IpMsgDecodeError.MissingFields },
        { "1:2:u\0:h:32:text", IpMsgDecodeError.MissingFields },
        { ":2:u:h:32:text", IpMsgDecodeError.BadVersion },
        { "2:2:u:h:32:text", IpMsgDecodeError.BadVersion },
        { "1::u:h:32:text", IpMsgDecodeError.BadPacketNumber },
        { "1:-2:u:h:32:text", IpMsgDecodeError.BadPacketNumber },
        { "1:99999999999999999999:u:h:32:text", IpMsgDecodeError.BadPacketNumber },
        { "1:2:u:h:0x20:text", IpMsgDecodeError.BadCommand },
        { "1:2:u:h:4294967296:text", IpMsgDecodeError.BadCommand },
        { "1:2:u:h::text", IpMsgDecodeError.BadCommand },
        { "1:2:u\n:h:32:text", IpMsgDecodeError.BadName },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_packets_are_typed_rejections(string datagram, IpMsgDecodeError expected)
    {
        IpMsgDecodeResult result = IpMsgCodec.Decode(Ascii(datagram), Gb);

        Assert.False(result.IsSuccess);
        Assert.Null(result.Packet);
        Assert.Equal(expected, result.Error);
    }

    [Fact]
    public void Packets_over_8_KB_are_rejected_and_8_KB_is_read()
    {
        byte[] header = Ascii("1:2:u:h:32:");
        byte[] exact = [.. header, .. Enumerable.Repeat((byte)'x', IpMsgWire.MaxPacket - header.Length)];
        byte[] over = [.. exact, (byte)'x'];

        Assert.True(IpMsgCodec.Decode(exact, Gb).IsSuccess);
        Assert.Equal(IpMsgDecodeError.TooLarge, IpMsgCodec.Decode(over, Gb).Error);
    }

    [Theory]
    [InlineData(true, "早上好，李雷")]
    [InlineData(false, "早上好，李雷")]
    [InlineData(false, "plain ascii: with colons")]
    public void Encoded_packets_read_back(bool utf8, string text)
    {
        uint command = IpMsgCommand.SendMsg | IpMsgCommand.SendCheckOpt | (utf8 ? IpMsgCommand.Utf8Opt : 0);
        var packet = new IpMsgPacket(IpMsgWire.Version, 1_700_000_123, "me", "myhost", command, text, []);

        byte[] bytes = IpMsgCodec.Encode(packet, Gb)!;
        IpMsgPacket read = IpMsgCodec.Decode(bytes, Gb).Packet!;

        Assert.Equal(packet with { Utf8 = utf8 }, read with { Parts = packet.Parts });
        Assert.Equal(text, read.Text);
        Assert.Equal(utf8 ? Encoding.UTF8.GetBytes(text) : Gb.GetBytes(text), bytes[(bytes.Length - 1 - (utf8 ? Encoding.UTF8.GetByteCount(text) : Gb.GetByteCount(text)))..^1]);
    }

    [Fact]
    public void An_entry_is_written_with_iptux_extras()
    {
        uint command = IpMsgCommand.BrEntry | IpMsgCommand.Utf8Opt | IpMsgCommand.CapUtf8Opt;
        var packet = new IpMsgPacket(IpMsgWire.Version, 5, "me", "myhost", command, "小明", ["研发", "icon-qq.png", "utf-8"]);

        byte[] bytes = IpMsgCodec.Encode(packet, Gb)!;

        Assert.EndsWith(":小明\0研发\0icon-qq.png\0utf-8\0", Encoding.UTF8.GetString(bytes));
        Assert.StartsWith("1_udpsuite 2.0:5:me:myhost:25165825:", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Nul_in_text_cannot_move_fields()
    {
        var packet = new IpMsgPacket(IpMsgWire.Version, 5, "me", "h", IpMsgCommand.SendMsg | IpMsgCommand.Utf8Opt, "a\0b", []);

        IpMsgPacket read = IpMsgCodec.Decode(IpMsgCodec.Encode(packet, Gb)!, Gb).Packet!;

        Assert.Equal("a\uFFFDb", read.Text);
        Assert.Empty(read.Parts);
    }

    [Fact]
    public void Text_that_would_exceed_8_KB_is_not_encoded()
    {
        var packet = new IpMsgPacket(IpMsgWire.Version, 5, "me", "h", IpMsgCommand.SendMsg | IpMsgCommand.Utf8Opt, new string('字', 3000), []);

        Assert.Null(IpMsgCodec.Encode(packet, Gb));
    }

    [Theory]
    [InlineData("2_not_one", "me", "h")]
    [InlineData("1", "m:e", "h")]
    [InlineData("1", "me", "h\n")]
    public void Our_own_bad_header_fields_are_argument_errors(string version, string user, string host)
    {
        var packet = new IpMsgPacket(version, 5, user, host, IpMsgCommand.BrEntry, "n", []);

        Assert.Throws<ArgumentException>(() => IpMsgCodec.Encode(packet, Gb));
    }

    [Fact]
    public void Unknown_legacy_encodings_are_argument_errors_naming_them()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => IpMsgEncodings.Legacy("no-such-charset"));

        Assert.Contains("no-such-charset", error.Message);
        Assert.Equal(54936, IpMsgEncodings.Legacy("54936").CodePage);
        Assert.Equal(54936, IpMsgEncodings.Legacy("gb18030").CodePage);
    }
}
