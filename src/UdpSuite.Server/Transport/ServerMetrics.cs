using System.Diagnostics.Metrics;

namespace UdpSuite.Server.Transport;

/// <summary>
/// The server's counters on the Meter <c>UdpSuite.Server</c> (readable with
/// <c>dotnet-counters monitor --counters UdpSuite.Server</c>). Every measurement carries the listener name;
/// drops also carry their reason. Recording allocates nothing.
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "UdpSuite.Server";

    private readonly Meter _meter;
    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _dropped;

    /// <summary>Creates the instruments through <paramref name="meterFactory"/> when given (DI), else on a private meter.</summary>
    public ServerMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _received = _meter.CreateCounter<long>("udpsuite.server.datagrams.received", "{datagram}", "Datagrams received by a listener.");
        _sent = _meter.CreateCounter<long>("udpsuite.server.datagrams.sent", "{datagram}", "Replies sent by a listener.");
        _dropped = _meter.CreateCounter<long>("udpsuite.server.datagrams.dropped", "{datagram}", "Datagrams not answered, by reason.");
    }

    public void Received(string listener) => _received.Add(1, new KeyValuePair<string, object?>("listener", listener));

    /// <summary>Counts <paramref name="count"/> replies (or server-initiated datagrams) the socket accepted.</summary>
    public void Sent(string listener, int count = 1) => _sent.Add(count, new KeyValuePair<string, object?>("listener", listener));

    /// <summary>Counts one datagram dropped for <paramref name="reason"/> (a short constant).</summary>
    public void Dropped(string listener, string reason) =>
        _dropped.Add(1, new KeyValuePair<string, object?>("listener", listener), new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
