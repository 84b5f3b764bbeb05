namespace UdpSuite.Protocol.Sntp;

/// <summary>The three outcomes of <see cref="SntpResponder.Respond"/>.</summary>
public enum SntpResponseKind
{
    Drop = 0,
    Reply,
    KissOfDeath,
}
