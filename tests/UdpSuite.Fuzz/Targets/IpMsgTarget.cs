using System.Text;
using UdpSuite.Protocol.Lan;

namespace UdpSuite.Fuzz.Targets;

/// <summary>
/// The IP Messenger codec (LAN chat with IP Messenger, FeiQ and iptux). Properties: <see cref="IpMsgCodec.Decode"/>
/// never throws, with GB18030 or a UTF-8 peer; it rejects exactly the empty and the oversized (&gt; 8 KB) inputs by
/// size; a decoded packet whose header can be written again reads back to the same fields when read in the same encoding
/// (always, with UTF8OPT).
/// </summary>
internal sealed class IpMsgTarget : IFuzzTarget
{
    private readonly Encoding _legacy = IpMsgEncodings.Gb18030;

    public string Name => "ipmsg";

    public void Run(ReadOnlySpan<byte> input)
    {
        foreach (bool peerUsesUtf8 in (bool[])[false, true])
        {
            IpMsgDecodeResult result = IpMsgCodec.Decode(input, _legacy, peerUsesUtf8);
            Check.That(result.IsSuccess == (result.Packet is not null), "a result has a packet exactly when it succeeds");
            Check.That((result.Error == IpMsgDecodeError.Empty) == input.IsEmpty, "exactly empty inputs are Empty");
            Check.That((result.Error == IpMsgDecodeError.TooLarge) == (input.Length > IpMsgWire.MaxPacket), "exactly inputs over 8 KB are TooLarge");
            if (result.Packet is { } packet && !packet.Version.Any(char.IsControl))
            {
                CheckRoundTrip(packet, peerUsesUtf8);
            }
        }
    }

    private void CheckRoundTrip(IpMsgPacket packet, bool peerUsesUtf8)
    {
        IpMsgPacket written = packet with { Command = packet.Utf8 ? packet.Command | IpMsgCommand.Utf8Opt : packet.Command };
        byte[]? bytes = IpMsgCodec.Encode(written, _legacy);
        if (bytes is null)
        {
            return; // replacement characters can make the text longer than 8 KB again
        }

        IpMsgDecodeResult again = IpMsgCodec.Decode(bytes, _legacy, peerUsesUtf8);
        Check.That(again.IsSuccess, "an encoded packet decodes");
        IpMsgPacket read = again.Packet!;
        if (read.Utf8 != packet.Utf8)
        {
            // Only the heuristic for packets without UTF8OPT (a UTF-8 peer's legacy bytes that happen to be valid UTF-8,
            // or the reverse) may choose another encoding the second time.
            Check.That(!written.Has(IpMsgCommand.Utf8Opt), "a UTF8OPT packet is always read as UTF-8");
            return;
        }

        Check.That(read.PacketNumber == packet.PacketNumber && read.Command == written.Command, "numbers read back");
        Check.That(read.User == packet.User && read.Host == packet.Host && read.Text == packet.Text, "names and text read back");
        Check.That(read.Parts.SequenceEqual(packet.Parts), "parts read back");
    }

    public IEnumerable<byte[]> Seeds()
    {
        Encoding gb = _legacy;
        yield return Encoding.ASCII.GetBytes("1:1700000001:alice:pc1:288:hello\0");
        yield return Encoding.ASCII.GetBytes("1:1700000002:alice:pc1:33:1700000001\0");
        yield return Encoding.ASCII.GetBytes("1:1700000003:alice:pc1:1:alice\0office\0");
        yield return [.. Encoding.ASCII.GetBytes("1_lbt6_0#128#000C29D4E5F6#0#0#0#4001#9:42:wang:WANG-PC:288:"), .. gb.GetBytes("你好，世界"), 0];
        yield return [.. Encoding.ASCII.GetBytes("1_iptux 0.9.0:5:li:linuxbox:1:"), .. Encoding.UTF8.GetBytes("小李\0研发部\0icon-tux.png\0utf-8\0")];
        uint utf8Send = IpMsgCommand.SendMsg | IpMsgCommand.SendCheckOpt | IpMsgCommand.SecretOpt | IpMsgCommand.Utf8Opt;
        yield return IpMsgCodec.Encode(new IpMsgPacket(IpMsgWire.Version, 7, "me", "host", utf8Send, "早上好 ☀", []), gb)!;
        yield return IpMsgCodec.Encode(new IpMsgPacket(IpMsgWire.Version, 8, "me", "host", IpMsgCommand.ReadMsg, "7", []), gb)!;
    }
}
