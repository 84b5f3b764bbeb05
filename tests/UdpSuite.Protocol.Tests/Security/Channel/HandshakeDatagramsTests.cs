using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Protocol.Tests.Security.Channel;

public sealed class HandshakeDatagramsTests
{
    private static readonly byte[] Ephemeral = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] Cookie = [.. Enumerable.Range(100, 16).Select(i => (byte)i)];

    [Fact]
    public void Initiation_is_1200_bytes_and_round_trips_with_and_without_cookie()
    {
        byte[] datagram = new byte[ChannelWire.MaxDatagram];
        Assert.Equal(1200, HandshakeDatagrams.WriteInitiation(datagram, 0x0102030405060708, Ephemeral, []));
        Assert.Equal("UC"u8.ToArray(), datagram[..2]);
        Assert.Equal(2, datagram[2]);
        Assert.Equal(0x01, datagram[3]);
        Assert.True(HandshakeDatagrams.TryReadInitiation(datagram, out Initiation plain));
        Assert.Equal(0x0102030405060708UL, plain.HandshakeId);
        Assert.Equal(Ephemeral, plain.NoiseMessage.ToArray());
        Assert.True(plain.Cookie.IsEmpty);

        HandshakeDatagrams.WriteInitiation(datagram, 9, Ephemeral, Cookie);
        Assert.True(HandshakeDatagrams.TryReadInitiation(datagram, out Initiation withCookie));
        Assert.Equal(Cookie, withCookie.Cookie.ToArray());
    }

    [Fact]
    public void Initiation_shorter_than_1200_or_with_bad_cookie_length_or_dirty_padding_is_refused()
    {
        byte[] datagram = new byte[ChannelWire.MaxDatagram];
        HandshakeDatagrams.WriteInitiation(datagram, 9, Ephemeral, Cookie);
        Assert.False(HandshakeDatagrams.TryReadInitiation(datagram.AsSpan(0, 1199), out _));

        byte[] badLength = (byte[])datagram.Clone();
        badLength[44] = 15;
        Assert.False(HandshakeDatagrams.TryReadInitiation(badLength, out _));

        byte[] dirtyPadding = (byte[])datagram.Clone();
        dirtyPadding[1199] = 1;
        Assert.False(HandshakeDatagrams.TryReadInitiation(dirtyPadding, out _));
    }

    [Fact]
    public void Cookie_reply_is_28_bytes_smaller_than_any_initiation_and_round_trips()
    {
        byte[] datagram = new byte[64];
        int length = HandshakeDatagrams.WriteCookieReply(datagram, 77, Cookie);
        Assert.Equal(28, length);
        Assert.True(length < ChannelWire.InitiationLength);
        Assert.True(HandshakeDatagrams.TryReadCookieReply(datagram.AsSpan(0, length), out ulong id, out ReadOnlySpan<byte> cookie));
        Assert.Equal(77UL, id);
        Assert.Equal(Cookie, cookie.ToArray());
        Assert.False(HandshakeDatagrams.TryReadCookieReply(datagram.AsSpan(0, length - 1), out _, out _));
    }

    [Fact]
    public void Response_payload_round_trips_and_rejects_bad_names()
    {
        byte[] payload = new byte[ChannelWire.MaxResponsePayload];
        int length = HandshakeDatagrams.WriteResponsePayload(payload, 0xAABBCCDDEEFF0011, "relay");
        Assert.True(HandshakeDatagrams.TryReadResponsePayload(payload.AsSpan(0, length), out ulong session, out string name));
        Assert.Equal(0xAABBCCDDEEFF0011UL, session);
        Assert.Equal("relay", name);
        Assert.False(HandshakeDatagrams.TryReadResponsePayload(payload.AsSpan(0, length - 1), out _, out _));
        payload[9] = 0xFF;
        Assert.False(HandshakeDatagrams.TryReadResponsePayload(payload.AsSpan(0, length), out _, out _));
        Assert.Throws<ArgumentException>(() => HandshakeDatagrams.WriteResponsePayload(new byte[200], 1, new string('x', 65)));
    }

    [Fact]
    public void Version_1_datagrams_get_a_version_1_error_unsupported_version_within_3x_and_errors_get_nothing()
    {
        byte[] hello = new byte[1200] /* a version-1 HELLO's size */;
        ChatPrefix.Write(hello, ChatMessageType.Hello);
        byte[] reply = new byte[ChatWire.MaxDatagram];
        int length = UnsupportedVersionReply.Write(hello, reply);
        Assert.True(length > 0);
        Assert.True(ChatPrefix.TryRead(reply.AsSpan(0, length), out ChatMessageType type));
        Assert.Equal(ChatMessageType.Error, type);
        Assert.True(HandshakeCodec.TryReadError(reply.AsSpan(0, length), out ErrorMessage error));
        Assert.Equal(ChatErrorCode.UnsupportedVersion, error.Code);

        byte[] tiny = [(byte)'U', (byte)'C', 1, (byte)ChatMessageType.Ping];
        int tinyLength = UnsupportedVersionReply.Write(tiny, reply);
        Assert.True(UdpSuite.Protocol.Amplification.AmplificationLimit.Allows(tiny.Length, tinyLength));

        byte[] error1 = [(byte)'U', (byte)'C', 1, (byte)ChatMessageType.Error, 0, 2, 0];
        Assert.Equal(0, UnsupportedVersionReply.Write(error1, reply));
        byte[] version2 = [(byte)'U', (byte)'C', 2, 0x10];
        Assert.Equal(0, UnsupportedVersionReply.Write(version2, reply));
        Assert.Equal(0, UnsupportedVersionReply.Write("XY"u8, reply));
    }
}
