namespace UdpSuite.Protocol.Lan;

/// <summary>Outcome of <see cref="IpMsgCodec.Decode"/>: a packet, or the reason there is none.</summary>
public readonly record struct IpMsgDecodeResult(IpMsgPacket? Packet, IpMsgDecodeError Error)
{
    public bool IsSuccess => Error == IpMsgDecodeError.None;

    public static IpMsgDecodeResult Success(IpMsgPacket packet) => new(packet, IpMsgDecodeError.None);

    public static IpMsgDecodeResult Failure(IpMsgDecodeError error) => new(null, error);
}
