using System.Net;
using System.Net.Sockets;

namespace UdpSuite.Server.Tests.Integration;

public class ServerProcessLifecycleTests
{
    [Fact]
    public async Task Prints_one_listening_line_per_listener_with_the_real_port_and_exits_0_on_sigterm()
    {
        await using ServerProcess server = await ServerProcess.StartAsync();

        // One udp line per listener, and a tcp line on the same port right after those of RFC 868 and RFC 867.
        string[] udp = [.. server.StandardOutput.Where(l => ServerProcess.ListeningLine().IsMatch(l))];
        string[] tcp = [.. server.StandardOutput.Except(udp)];
        Assert.Equal(ServerProcess.DefaultListeners.Count, udp.Length);
        Assert.Equal([$"listening rfc868 tcp {server.Endpoint("rfc868")}", $"listening daytime tcp {server.Endpoint("daytime")}"], tcp);

        Assert.Equal(ServerProcess.DefaultListeners.Order(), server.Listeners.Keys.Order());
        foreach (IPEndPoint endPoint in server.Listeners.Values)
        {
            Assert.Equal(IPAddress.Loopback, endPoint.Address);
            Assert.NotEqual(0, endPoint.Port);
        }

        Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task A_tcp_port_in_use_on_an_rfc868_port_is_a_clear_error_with_exit_1()
    {
        using var occupier = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        occupier.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        occupier.Listen();
        int port = ((IPEndPoint)occupier.LocalEndPoint!).Port;

        (int exitCode, string stdout, string stderr) = await ServerProcess.RunToExitAsync(
            ["server", "--time-port", "0", "--ntp-port", "0", "--rfc868-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--daytime-port", "0", "--chat-port", "off", "--bind", "127.0.0.1"],
            TimeSpan.FromSeconds(20));

        Assert.Equal(1, exitCode);
        Assert.Contains($"cannot start the rfc868 listener on tcp 127.0.0.1:{port} (Server:Rfc868Port): address already in use", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_error_naming_listener_and_port_with_exit_1()
    {
        using var occupier = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        occupier.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)occupier.LocalEndPoint!).Port;

        (int exitCode, string stdout, string stderr) = await ServerProcess.RunToExitAsync(
            ["server", "--time-port", "0", "--ntp-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--rfc868-port", "0", "--daytime-port", "0", "--chat-port", "off", "--bind", "127.0.0.1"],
            TimeSpan.FromSeconds(20));

        Assert.Equal(1, exitCode);
        Assert.Contains("sntp", stderr);
        Assert.Contains($"127.0.0.1:{port}", stderr);
        Assert.Contains("already in use", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("listening", stdout);
    }

    [Fact]
    public async Task An_invalid_port_value_is_a_usage_error()
    {
        (int exitCode, _, string stderr) = await ServerProcess.RunToExitAsync(["server", "--ntp-port", "nope", "--bind", "127.0.0.1"], TimeSpan.FromSeconds(20));
        Assert.Equal(2, exitCode);
        Assert.Contains("Server:NtpPort", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task Off_disables_a_listener()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(
            ["server", "--time-port", "off", "--ntp-port", "off", "--rfc868-port", "0", "--daytime-port", "off", "--chat-port", "off", "--bind", "127.0.0.1"],
            expectedListeners: ["rfc868"]);
        Assert.Single(server.StandardOutput, line => ServerProcess.ListeningLine().IsMatch(line)); // its tcp line may follow
        Assert.False(server.Listeners.ContainsKey("sntp"));
        Assert.False(server.Listeners.ContainsKey("time-text"));
    }

    [Fact]
    public async Task Several_loops_per_listener_share_the_port_and_all_answer()
    {
        await using ServerProcess server = await ServerProcess.StartAsync([.. ServerProcess.EphemeralLoopbackArguments, "--loops", "3"]);
        for (int i = 0; i < 6; i++)
        {
            (NodaTime.Instant time, _) = await new Client.Rfc868.Rfc868Client().QueryAsync(server.Endpoint("rfc868"), TimeSpan.FromSeconds(2));
            Assert.InRange((time - NodaTime.SystemClock.Instance.GetCurrentInstant()).TotalSeconds, -2, 2);
        }

        Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(15)));
    }
}
