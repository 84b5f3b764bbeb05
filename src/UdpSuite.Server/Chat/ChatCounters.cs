using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace UdpSuite.Server.Chat;

/// <summary>
/// Counts the chat relay's events and drops twice: on the <c>UdpSuite.Server</c> meter as
/// <c>udpsuite.server.chat.events</c> (tag <c>event</c>) for dotnet-counters, and in memory so tests and
/// diagnostics can read a number directly. Keys are the constants of <see cref="ChatEvents"/> and
/// <see cref="ChatDropReasons"/>, so the table stays small. Thread-safe.
/// </summary>
public sealed class ChatCounters : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Meter _meter;
    private readonly Counter<long> _events;

    public ChatCounters(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(Transport.ServerMetrics.MeterName) ?? new Meter(Transport.ServerMetrics.MeterName);
        _events = _meter.CreateCounter<long>("udpsuite.server.chat.events", "{event}", "Chat relay events (logins, commits, drops by reason, ...).");
    }

    /// <summary>Adds one to <paramref name="key"/>.</summary>
    public void Increment(string key)
    {
        _counts.AddOrUpdate(key, 1, static (_, count) => count + 1);
        _events.Add(1, new KeyValuePair<string, object?>("event", key));
    }

    /// <summary>How often <paramref name="key"/> happened since start.</summary>
    public long Get(string key) => _counts.TryGetValue(key, out long count) ? count : 0;

    /// <summary>A copy of every count.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts, StringComparer.Ordinal);

    public void Dispose() => _meter.Dispose();
}
