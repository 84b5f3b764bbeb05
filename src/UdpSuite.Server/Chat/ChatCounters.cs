using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace UdpSuite.Server.Chat;

/// <summary>
/// The chat relay's instruments on the <c>UdpSuite.Server</c> meter (dotnet-counters): events and drops as
/// <c>udpsuite.server.chat.events</c> (tag <c>event</c>), also kept in memory so tests and diagnostics can read a
/// number directly (keys are the constants of <see cref="ChatEvents"/> and <see cref="ChatDropReasons"/>, so the
/// table stays small); commit time <c>udpsuite.server.chat.commit.duration</c> (ms); commit-to-delivered time
/// <c>udpsuite.server.chat.delivery.latency</c> (ms, includes time the recipient was offline); and the gauge
/// <c>udpsuite.server.chat.sessions</c>. Thread-safe.
/// </summary>
public sealed class ChatCounters : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Meter _meter;
    private readonly Counter<long> _events;
    private readonly Histogram<double> _commitDuration;
    private readonly Histogram<double> _deliveryLatency;

    public ChatCounters(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(Transport.ServerMetrics.MeterName) ?? new Meter(Transport.ServerMetrics.MeterName);
        _events = _meter.CreateCounter<long>("udpsuite.server.chat.events", "{event}", "Chat relay events (logins, commits, drops by reason, ...).");
        _commitDuration = _meter.CreateHistogram<double>("udpsuite.server.chat.commit.duration", "ms", "Time to commit one message durably (fsync included).");
        _deliveryLatency = _meter.CreateHistogram<double>("udpsuite.server.chat.delivery.latency", "ms", "From commit to the recipient's RECEIPT(delivered).");
    }

    /// <summary>Publishes the number of logged-in sessions, read from <paramref name="sessions"/> when a listener asks.</summary>
    public void ObserveSessions(Func<int> sessions) =>
        _meter.CreateObservableGauge("udpsuite.server.chat.sessions", sessions, "{session}", "Logged-in chat sessions.");

    public void RecordCommit(TimeSpan duration) => _commitDuration.Record(duration.TotalMilliseconds);

    public void RecordDeliveryLatency(TimeSpan latency) => _deliveryLatency.Record(latency.TotalMilliseconds);

    /// <summary>Adds one to <paramref name="key"/>.</summary>
    public void Increment(string key)
    {
        _counts.AddOrUpdate(key, 1, static (_, count) => count + 1);
        _events.Add(1, new KeyValuePair<string, object?>("event", key));
    }

    /// <summary>How often <paramref name="key"/> happened since start.</summary>
    public long Get(string key) => _counts.TryGetValue(key, out long count) ? count : 0;

    public void Dispose() => _meter.Dispose();
}
