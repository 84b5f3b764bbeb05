using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Tests.Transport;

/// <summary>
/// Records the <see cref="ServerMetrics"/> measurements of one listener name (tests run in parallel on the same meter
/// name, so each test gives its handler a name of its own or filters by it).
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    public const string Received = "udpsuite.server.datagrams.received";
    public const string Sent = "udpsuite.server.datagrams.sent";
    public const string Dropped = "udpsuite.server.datagrams.dropped";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, string? Reason, long Value)> _measurements = new();

    public MetricsRecorder(string listenerName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ServerMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? listener = null;
            string? reason = null;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "listener")
                {
                    listener = (string?)tag.Value;
                }
                else if (tag.Key == "reason")
                {
                    reason = (string?)tag.Value;
                }
            }

            if (listener == listenerName)
            {
                _measurements.Enqueue((instrument.Name, reason, value));
            }
        });
        _listener.Start();
    }

    /// <summary>Sum of <paramref name="instrument"/>'s measurements.</summary>
    public long Total(string instrument) => _measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);

    /// <summary>Datagrams dropped for <paramref name="reason"/>.</summary>
    public long DroppedFor(string reason) => _measurements.Where(m => m.Instrument == Dropped && m.Reason == reason).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
