using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace UdpSuite.Server.Tests.Integration;

/// <summary><c>udpsuite ntp</c> as a user runs it: output, exit codes, clear errors.</summary>
[Collection(SharedServerCollection.Name)]
public class NtpCommandTests(SharedServerFixture fixture)
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Prints_time_offset_delay_stratum_leap_and_refid()
    {
        IPEndPoint sntp = fixture.Server.Endpoint("sntp");
        (int exitCode, string stdout, string stderr) = await ServerProcess.RunToExitAsync(["ntp", "--server", sntp.ToString()], ProcessTimeout);

        Assert.True(exitCode == 0, stderr);
        Dictionary<string, string> fields = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(parts => parts[0], parts => parts[1].Trim());
        Assert.Equal("10", fields["stratum"]);
        Assert.Equal("none", fields["leap"]);
        Assert.Equal("127.127.1.1", fields["refid"]);
        Assert.EndsWith(" s", fields["offset"]);
        Assert.EndsWith(" s", fields["delay"]);
        var serverTime = DateTime.Parse(fields["time"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.InRange((serverTime - DateTime.UtcNow).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_silent_server_is_a_timeout_error_with_exit_1()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        (int exitCode, _, string stderr) = await ServerProcess.RunToExitAsync(
            ["ntp", "--server", silent.LocalEndPoint!.ToString()!, "--timeout", "300"], ProcessTimeout);

        Assert.Equal(1, exitCode);
        Assert.Contains("timeout", stderr);
        Assert.Contains("300 ms", stderr);
    }

    [Fact]
    public async Task Bad_arguments_are_usage_errors_with_exit_2()
    {
        (int exitCode, _, string stderr) = await ServerProcess.RunToExitAsync(["ntp", "--timeout", "0"], ProcessTimeout);
        Assert.Equal(2, exitCode);
        Assert.Contains("--timeout", stderr);
    }
}
