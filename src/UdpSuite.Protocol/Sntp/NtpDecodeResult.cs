namespace UdpSuite.Protocol.Sntp;

/// <summary>Outcome of <see cref="NtpPacket.Decode"/>: a packet, or the reason there is none.</summary>
public readonly record struct NtpDecodeResult(NtpPacket Packet, NtpDecodeError Error)
{
    public bool IsSuccess => Error == NtpDecodeError.None;

    public static NtpDecodeResult Success(NtpPacket packet) => new(packet, NtpDecodeError.None);

    public static NtpDecodeResult Failure(NtpDecodeError error) => new(default, error);
}
