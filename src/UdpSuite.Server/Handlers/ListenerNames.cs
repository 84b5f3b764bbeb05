namespace UdpSuite.Server.Handlers;

/// <summary>Listener names as printed in the start-up lines and used as metric tags.</summary>
internal static class ListenerNames
{
    public const string TimeText = "time-text";
    public const string Sntp = "sntp";
    public const string Rfc868 = "rfc868";
    public const string Daytime = "daytime";
    public const string Chat = "chat";
    public const string Discovery = "discovery";
}
