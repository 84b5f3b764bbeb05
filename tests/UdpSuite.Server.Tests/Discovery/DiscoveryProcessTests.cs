using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using UdpSuite.Client.Discovery;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Discovery;
using UdpSuite.Server.Hosting;
using UdpSuite.Server.Security;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Server.Tests.Discovery;

/// <summary>One real <c>udpsuite server</c> with its discovery listener on an ephemeral 127.0.0.1 port, shared by a test class.</summary>
public sealed class DiscoveryServerFixture : IAsyncLifetime
{
    public const string ServerName = "disco-test";

    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await ServerProcess.StartAsync(
            [.. ServerProcess.EphemeralLoopbackArguments, "--discovery-port", "0", "--server-name", ServerName],
            expectedListeners: [.. ServerProcess.DefaultListeners, "discovery"]);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The discovery listener of a real <c>udpsuite server</c> on 127.0.0.1, found by the client library and by <c>udpsuite discover</c>.</summary>
public sealed class DiscoveryProcessTests(DiscoveryServerFixture fixture) : IClassFixture<DiscoveryServerFixture>, IDisposable
{
    private const string ServerName = DiscoveryServerFixture.ServerName;

    private readonly ServerProcess _server = fixture.Server;

    private ServerIdentity? _identity;

    private IPEndPoint DiscoveryEndpoint => _server.Endpoint("discovery");

    /// <summary>
    /// The key in the server's data directory (what <c>udpsuite server key</c> prints). Read after the server answered
    /// a probe, so the server created it; loading never replaces an existing key.
    /// </summary>
    private ServerIdentity ServerKey()
    {
        _identity ??= ServerIdentityStore.LoadOrCreate(_server.DataDirectory!);
        return _identity;
    }

    public void Dispose() => _identity?.Dispose();

    [Fact]
    public async Task The_client_finds_the_server_with_every_listener_it_printed()
    {
        IReadOnlyList<DiscoveredServer> found = await new DiscoveryClient(TimeSpan.FromSeconds(1)).DiscoverAsync(DiscoveryEndpoint);

        DiscoveredServer server = Assert.Single(found);
        Assert.Equal(ServerName, server.Name);
        Assert.Equal(IPAddress.Loopback, server.Address);
        Assert.Equal(DiscoveryEndpoint, server.Responder);
        Assert.Equal(_server.Endpoint("chat"), server.Chat);
        Assert.Equal(_server.Endpoint("time-text"), server.Endpoint(DiscoveryEndpointKind.TimeText));
        Assert.Equal(_server.Endpoint("sntp"), server.Endpoint(DiscoveryEndpointKind.Sntp));
        Assert.Equal(_server.Endpoint("rfc868"), server.Endpoint(DiscoveryEndpointKind.Rfc868));
        Assert.Equal(_server.Endpoint("daytime"), server.Endpoint(DiscoveryEndpointKind.Daytime));
        Assert.Equal(5, server.Endpoints.Count);
        Assert.Equal(ServerKey().Fingerprint, server.ServerKeyFingerprint);
        Assert.Equal(ServerKey().KeyPair.PublicKey.ToArray(), server.ServerKey.ToArray());
    }

    [Fact]
    public async Task Junk_gets_nothing_and_the_answer_is_within_three_times_the_probe()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        byte[] shortProbe = new byte[DiscoveryWire.ProbeLength];
        DiscoveryCodec.WriteProbe(shortProbe, 1);
        byte[][] junk = [[0x00, 0x01, 0x02], [0x55, 0x43, 0x01, 0x08], shortProbe[..20], new byte[1000], [0x55, 0x43, 0x01, 0x42, 0, 0, 0, 0, 0, 0, 0, 9, 1, 0x61, 0, 0]];
        foreach (byte[] datagram in junk)
        {
            await socket.SendToAsync(datagram, DiscoveryEndpoint);
        }

        byte[] probe = new byte[DiscoveryWire.ProbeLength];
        DiscoveryCodec.WriteProbe(probe, 0x5EED);
        await socket.SendToAsync(probe, DiscoveryEndpoint);

        // The server handles datagrams in order, so had any junk been answered, that answer would arrive first.
        byte[] buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        Assert.True(DiscoveryCodec.TryReadAnswer(buffer.AsSpan(0, length), out DiscoveryAnswer answer));
        Assert.Equal(0x5EEDUL, answer.Nonce);
        Assert.True(length <= 3 * probe.Length, $"answer {length} bytes > 3 x probe {probe.Length}");
        Assert.True(AmplificationLimit.Allows(probe.Length, length));
    }

    [Fact]
    public async Task Plain_text_on_the_discovery_port_gets_a_hint_naming_udpsuite_discover()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        byte[] line = "where is the server?"u8.ToArray();
        await socket.SendToAsync(line, DiscoveryEndpoint);

        byte[] buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        Assert.Equal("UdpSuite discovery port, not plain text: use `udpsuite discover`\n", System.Text.Encoding.UTF8.GetString(buffer, 0, length));
        Assert.True(AmplificationLimit.Allows(line.Length, length));
    }

    /// <summary>
    /// <c>udpsuite doctor</c> against the running server: every listener answers (their ports found by discovery), the
    /// key is reported unpinned in a fresh home, the ports are held by the server; against a port where nothing runs
    /// it fails with a hint and exit 1. Broadcast probes are off, so nothing leaves 127.0.0.0/8.
    /// </summary>
    [Fact]
    public async Task Udpsuite_doctor_reports_every_listener_ok_and_a_dead_server_as_fail_with_a_hint()
    {
        string home = Directory.CreateTempSubdirectory("udpsuite-doctor-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["HOME"] = home,
                ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
                ["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share"),
                ["UDPSUITE_Discovery__Broadcast"] = "false",
            };
            string discoveryPort = DiscoveryEndpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            (int exitCode, string stdout, string stderr) = await ServerProcess.RunToExitAsync(
                ["doctor", "--server", _server.Endpoint("chat").ToString(), "--discovery-port", discoveryPort, "--timeout", "2000"], TimeSpan.FromSeconds(60), environment);

            Assert.True(exitCode == 0, stdout + stderr);
            foreach (string listener in new[] { "chat", "time-text", "sntp", "rfc868", "daytime" })
            {
                Assert.Contains($"OK   {listener} {_server.Endpoint(listener)}: ", stdout, StringComparison.Ordinal);
                Assert.Contains($"OK   port {_server.Endpoint(listener).Port}/udp ({listener}): held by ", stdout, StringComparison.Ordinal);
            }

            Assert.Contains($"OK   server key: {ServerKey().Fingerprint}, not pinned yet", stdout, StringComparison.Ordinal);
            Assert.Contains("broadcast probes off", stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("FAIL", stdout, StringComparison.Ordinal);

            using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            silent.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // bound and silent: the probe times out
            string dead = silent.LocalEndPoint!.ToString()!;
            (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(
                ["doctor", "--server", dead, "--discovery-port", discoveryPort, "--timeout", "300"], TimeSpan.FromSeconds(60), environment);

            Assert.True(exitCode == 1, stdout + stderr);
            Assert.Contains($"FAIL chat {dead}: no answer", stdout, StringComparison.Ordinal);
            Assert.Contains("hint: is the server running there", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task Udpsuite_discover_prints_one_line_per_server_and_json()
    {
        string port = DiscoveryEndpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (int exitCode, string stdout, string stderr) = await ServerProcess.RunToExitAsync(
            ["discover", "--address", "127.0.0.1", "--port", port, "--timeout", "1000"], TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, stderr);
        string line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{ServerName} 127.0.0.1 chat={_server.Endpoint("chat")} time-text={_server.Endpoint("time-text")} sntp={_server.Endpoint("sntp")}", line);
        Assert.Contains($"daytime={_server.Endpoint("daytime")} key={ServerKey().Fingerprint} rtt=", line);

        (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(
            ["discover", "--address", "127.0.0.1", "--port", port, "--timeout", "1000", "--json"], TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, stderr);
        using var json = System.Text.Json.JsonDocument.Parse(stdout.Trim());
        Assert.Equal(ServerName, json.RootElement.GetProperty("name").GetString());
        Assert.Equal(_server.Endpoint("chat").ToString(), json.RootElement.GetProperty("endpoints").GetProperty("chat").GetString());
        Assert.Equal(ServerKey().Fingerprint.ToString(), json.RootElement.GetProperty("serverKey").GetString());
    }

    [Fact]
    public async Task Udpsuite_discover_without_an_answer_exits_1()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        string port = ((IPEndPoint)silent.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (int exitCode, string stdout, string stderr) = await ServerProcess.RunToExitAsync(
            ["discover", "--address", "127.0.0.1", "--port", port, "--timeout", "300"], TimeSpan.FromSeconds(30));
        Assert.Equal(1, exitCode);
        Assert.Empty(stdout.Trim());
        Assert.Contains("no server answered", stderr);
    }
}

/// <summary><c>--discovery-port</c> follows the listener conventions (checked in-process: which listeners bind, and their start-up line).</summary>
public class DiscoveryListenerOptionTests
{
    private static IReadOnlyList<BoundListener> Bind(string discoveryPort, out IHost host)
    {
        string directory = Directory.CreateTempSubdirectory("udpsuite-discovery-config-").FullName; // no appsettings.json
        try
        {
            host = ServerHostBuilder.Create(
                new Dictionary<string, string?>
                {
                    ["Server:TimePort"] = "off",
                    ["Server:NtpPort"] = "off",
                    ["Server:Rfc868Port"] = "0",
                    ["Server:DaytimePort"] = "off",
                    ["Server:ChatPort"] = "off",
                    ["Server:DiscoveryPort"] = discoveryPort,
                    ["Server:Bind"] = "127.0.0.1",
                },
                directory).Build();
            return host.Services.GetRequiredService<ListenerSet>().Bind();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Off_binds_no_discovery_listener()
    {
        IReadOnlyList<BoundListener> bound = Bind("off", out IHost host);
        using (host)
        {
            Assert.Equal(["rfc868"], bound.Select(l => l.Name));
        }
    }

    [Fact]
    public void Zero_binds_an_ephemeral_port_announced_like_every_listener()
    {
        IReadOnlyList<BoundListener> bound = Bind("0", out IHost host);
        using (host)
        {
            BoundListener discovery = Assert.Single(bound, l => l.Name == "discovery");
            Assert.Matches(ServerProcess.ListeningLine(), discovery.Announcement);
            Assert.Equal($"listening discovery udp 127.0.0.1:{discovery.LocalEndPoint.Port}", discovery.Announcement);
            Assert.NotEqual(0, discovery.LocalEndPoint.Port);
        }
    }

    [Fact]
    public void The_default_port_is_8082()
    {
        Assert.Equal("8082", new ServerOptions().DiscoveryPort);
        Assert.Equal(8082, DiscoveryWire.DefaultPort);
    }
}
