using Microsoft.Extensions.Logging;

namespace UdpSuite.Client.Chat;

/// <summary>The client library's log lines (source-generated, so a disabled level costs no formatting).</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "A subscriber to {Event} threw; the other subscribers still got the event")]
    public static partial void SubscriberFailed(this ILogger logger, Exception exception, string @event);
}
