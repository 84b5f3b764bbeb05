namespace UdpSuite.Protocol.Lan;

/// <summary>Why a datagram is not an IP Messenger packet. Every reason is a drop, counted by the receiver.</summary>
public enum IpMsgDecodeError
{
    None = 0,

    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>More than <see cref="IpMsgWire.MaxPacket"/> bytes.</summary>
    TooLarge,

    /// <summary>Fewer than the five colons that separate version, packet number, user, host, command and text.</summary>
    MissingFields,

    /// <summary>A version field that is empty or does not start with "1".</summary>
    BadVersion,

    /// <summary>A packet number that is not a decimal 64-bit number.</summary>
    BadPacketNumber,

    /// <summary>A command that is not a decimal 32-bit number.</summary>
    BadCommand,

    /// <summary>A user or host field with a control character (NUL included) or longer than 255 characters.</summary>
    BadName,
}
