using Microsoft.Extensions.Logging;

namespace UdpSuite.Client.Tests.Support;

/// <summary>An <see cref="ILogger"/> that keeps every entry (level, event id, exception), for asserting what was logged.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly List<(LogLevel Level, EventId Event, Exception? Exception, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, EventId Event, Exception? Exception, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_entries)
        {
            _entries.Add((logLevel, eventId, exception, formatter(state, exception)));
        }
    }
}
