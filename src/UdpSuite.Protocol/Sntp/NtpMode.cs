namespace UdpSuite.Protocol.Sntp;

/// <summary>The association mode field (RFC 5905 figure 10).</summary>
public enum NtpMode : byte
{
    Reserved = 0,
    SymmetricActive = 1,
    SymmetricPassive = 2,
    Client = 3,
    Server = 4,
    Broadcast = 5,
    Control = 6,
    Private = 7,
}
