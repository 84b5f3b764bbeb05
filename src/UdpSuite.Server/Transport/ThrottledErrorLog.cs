using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace UdpSuite.Server.Transport;

/// <summary>
/// Logs errors from the datagram path at most once per interval, with the count of those suppressed since,
/// so a flood of bad datagrams cannot turn into a flood of log lines.
/// </summary>
internal sealed class ThrottledErrorLog
{
    private readonly ILogger _logger;
    private readonly long _intervalTicks;
    private long _nextAllowedTimestamp;
    private long _suppressed;

    public ThrottledErrorLog(ILogger logger, TimeSpan interval)
    {
        _logger = logger;
        _intervalTicks = (long)(interval.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Logs <paramref name="exception"/> unless another error was logged within the interval.</summary>
    public void Report(string listener, string what, Exception exception)
    {
        long now = Stopwatch.GetTimestamp();
        long next = Interlocked.Read(ref _nextAllowedTimestamp);
        if (now < next || Interlocked.CompareExchange(ref _nextAllowedTimestamp, now + _intervalTicks, next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }

        long suppressed = Interlocked.Exchange(ref _suppressed, 0);
        _logger.ThrottledError(exception, listener, what, suppressed);
    }
}
