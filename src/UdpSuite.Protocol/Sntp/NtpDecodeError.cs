namespace UdpSuite.Protocol.Sntp;

/// <summary>Why a datagram is not an NTP header.</summary>
public enum NtpDecodeError
{
    None = 0,

    /// <summary>Fewer than 48 bytes.</summary>
    TooShort,

    /// <summary>Version field 0, which no NTP version uses.</summary>
    BadVersion,
}
