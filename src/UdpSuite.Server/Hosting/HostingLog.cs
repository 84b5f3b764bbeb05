using System.Net;
using Microsoft.Extensions.Logging;

namespace UdpSuite.Server.Hosting;

/// <summary>The host's log lines (source-generated).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Listener {Listener} bound to udp {EndPoint} with {Loops} loop(s)")]
    public static partial void ListenerBound(this ILogger logger, string listener, IPEndPoint endPoint, int loops);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "All listeners stopped")]
    public static partial void ListenersStopped(this ILogger logger);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Chat store {Path} opened (SQLite, WAL)")]
    public static partial void ChatStoreOpened(this ILogger logger, string path);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Data directory: {Note}")]
    public static partial void LegacyDataDirectory(this ILogger logger, string note);
}
