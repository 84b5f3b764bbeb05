namespace UdpSuite.Protocol.Sntp;

/// <summary>The leap indicator field (RFC 5905 figure 9).</summary>
public enum NtpLeapIndicator : byte
{
    NoWarning = 0,
    LastMinuteHas61Seconds = 1,
    LastMinuteHas59Seconds = 2,

    /// <summary>Clock not synchronised; also set in Kiss-o'-Death packets.</summary>
    Unsynchronized = 3,
}
