using System.Net;
using System.Net.Sockets;

namespace UdpSuite.Server.Tests.Integration;

/// <summary><c>udpsuite time</c> and <c>udpsuite strftime</c> as real processes.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class TimeCommandTests(SharedServerFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Time_prints_the_reply_for_a_format_and_zone()
    {
        string server = fixture.Server.Endpoint("time-text").ToString();
        var (exit, stdout, stderr) = await ServerProcess.RunToExitAsync(
            ["time", "--server", server, "--zone", "Asia/Shanghai", "--at", "2026-11-24T08:00:00Z", "%F %T %Z"], Limit);
        Assert.True(exit == 0, stderr);
        Assert.Equal("2026-11-24 16:00:00 CST\n", stdout);
    }

    [Fact]
    public async Task Time_exits_non_zero_with_the_servers_message_on_an_error_reply()
    {
        string server = fixture.Server.Endpoint("time-text").ToString();
        var (exit, _, stderr) = await ServerProcess.RunToExitAsync(["time", "--server", server, "--zone", "No/Such_Zone", "%H"], Limit);
        Assert.Equal(1, exit);
        Assert.Contains("unknown time zone 'No/Such_Zone'", stderr);
    }

    [Fact]
    public async Task Time_exits_non_zero_with_a_clear_message_when_no_server_answers()
    {
        // A bound socket that never answers: a silent server, so the command must time out rather than hang.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var (exit, _, stderr) = await ServerProcess.RunToExitAsync(["time", "--server", silent.LocalEndPoint!.ToString()!, "--timeout", "300"], Limit);
        Assert.Equal(1, exit);
        Assert.Contains("timeout", stderr);
    }

    [Theory]
    [InlineData("2026-03-08T07:30:00Z", "America/New_York", "%c %Z %z %s")]
    // GNU date formats with gnulib, which pads years below 1000 to four digits (glibc and Python do not), so
    // the comparison with date stays in years 1000-9999; the python3 differential suite covers years 1-999.
    [InlineData("@-2840140800", "Asia/Kolkata", "%a %b %e %H:%M:%S %Y %Z %z %G %V")]
    [InlineData("1969-07-20T20:17:40Z", "Pacific/Chatham", "%F %T %Z %z %j %U %W %u")]
    [InlineData("2026-11-01T05:30:00Z", "America/St_Johns", "%_H|%-m|%^b|%#Z|%10s|你好 %%")]
    public async Task Strftime_prints_what_gnu_date_prints(string at, string zone, string format)
    {
        var (exit, stdout, stderr) = await ServerProcess.RunToExitAsync(["strftime", "--at", at, "--zone", zone, format], Limit);
        Assert.True(exit == 0, stderr);
        string seconds = at.StartsWith('@') ? at[1..] : DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(await GnuDateAsync(seconds, zone, format), stdout);
    }

    private static async Task<string> GnuDateAsync(string seconds, string zone, string format)
    {
        var start = new System.Diagnostics.ProcessStartInfo("date");
        start.ArgumentList.Add("-d");
        start.ArgumentList.Add("@" + seconds);
        start.ArgumentList.Add("+" + format);
        start.Environment["TZ"] = zone;
        start.Environment["LC_ALL"] = "C.UTF-8";
        return (await ExternalProcess.RunAsync(start, Limit)).StandardOutput;
    }
}
