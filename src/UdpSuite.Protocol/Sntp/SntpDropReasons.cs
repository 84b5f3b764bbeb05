namespace UdpSuite.Protocol.Sntp;

/// <summary>Drop reasons of the SNTP responder, used as metric tags.</summary>
public static class SntpDropReasons
{
    public const string TooShort = "short";
    public const string BadVersion = "bad-version";
    public const string NotClientMode = "not-client";
    public const string RateLimited = "rate-limited";
}
