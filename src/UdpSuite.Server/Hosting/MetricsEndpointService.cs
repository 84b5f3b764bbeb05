using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Hosting;

/// <summary>
/// Exports the server's System.Diagnostics.Metrics instruments (meter <see cref="ServerMetrics.MeterName"/>: requests,
/// replies and drops by listener and reason, chat events, sessions) in the Prometheus text format with OpenTelemetry's
/// exporter, at <c>http://MetricsBind:MetricsPort/metrics</c>, when <see cref="ServerOptions.MetricsPort"/> is not off.
/// On start it writes <c>listening metrics http ADDR:PORT</c>, like every listener.
/// </summary>
public sealed class MetricsEndpointService(ServerOptions options) : IHostedService, IDisposable
{
    private MeterProvider? _provider;

    /// <summary>Where the endpoint listens, once started (null while off).</summary>
    public IPEndPoint? EndPoint { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ListenerPort port = ListenerPort.Parse(options.MetricsPort);
        if (!port.IsEnabled)
        {
            return Task.CompletedTask;
        }

        IPAddress address = IPAddress.Parse(options.MetricsBind.Trim());
        int number = port.Number == 0 ? FreeTcpPort(address) : port.Number; // HttpListener takes no port 0
        string host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        _provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService("udpsuite"))
            .AddMeter(ServerMetrics.MeterName)
            .AddPrometheusHttpListener(listener =>
            {
                listener.Host = host;
                listener.Port = number;
            })
            .Build();
        EndPoint = new IPEndPoint(address, number);
        Console.Out.WriteLine($"listening metrics http {EndPoint}");
        Console.Out.Flush();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _provider?.Dispose();
        _provider = null;
    }

    /// <summary>A port the OS has free right now on <paramref name="address"/> (for <c>0</c>, ephemeral).</summary>
    private static int FreeTcpPort(IPAddress address)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
