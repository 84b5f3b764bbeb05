using Microsoft.Extensions.Logging;

namespace UdpSuite.Server.Transport;

/// <summary>The transport's log lines (source-generated).</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "{Listener}: {What} ({Suppressed} similar errors suppressed since the last report)")]
    public static partial void ThrottledError(this ILogger logger, Exception exception, string listener, string what, long suppressed);
}
