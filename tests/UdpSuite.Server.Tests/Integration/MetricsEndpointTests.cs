using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UdpSuite.Server.Tests.Integration;

/// <summary>The Prometheus endpoint of a real <c>udpsuite server --metrics-port 0</c>: announced like a listener, scraped with HTTP.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task The_metrics_endpoint_is_announced_and_counts_a_time_request_by_listener()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(
            [.. ServerProcess.EphemeralLoopbackArguments, "--metrics-port", "0"], expectedListeners: [.. ServerProcess.DefaultListeners, "metrics"]);
        IPEndPoint metrics = server.Endpoint("metrics");
        Assert.Equal(IPAddress.Loopback, metrics.Address); // loopback unless configured otherwise

        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            await client.SendToAsync(Encoding.ASCII.GetBytes("%Y"), server.Endpoint("time-text"));
            byte[] reply = new byte[256];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.ReceiveAsync(reply, SocketFlags.None, timeout.Token);
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        string text = await http.GetStringAsync(new Uri($"http://{metrics}/metrics"));

        Assert.Contains("udpsuite_server_datagrams_received_total{otel_scope_name=\"UdpSuite.Server\",listener=\"time-text\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("udpsuite_server_datagrams_sent_total{otel_scope_name=\"UdpSuite.Server\",listener=\"time-text\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("service_name=\"udpsuite\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_off_by_default()
    {
        await using ServerProcess server = await ServerProcess.StartAsync();

        Assert.DoesNotContain(server.StandardOutput, line => line.Contains("metrics", StringComparison.Ordinal));
    }
}
