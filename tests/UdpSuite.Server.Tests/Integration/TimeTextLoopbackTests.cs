using System.Net;
using System.Net.Sockets;
using System.Text;
using UdpSuite.Protocol.Amplification;

namespace UdpSuite.Server.Tests.Integration;

/// <summary>The time-text listener of a real <c>udpsuite server</c> process, over real loopback sockets.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class TimeTextLoopbackTests(SharedServerFixture fixture)
{
    private IPEndPoint Endpoint => fixture.Server.Endpoint("time-text");

    private async Task<byte[]> AskAsync(byte[] request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(Endpoint);
        byte[] buffer = new byte[65536];
        for (int attempt = 0; attempt < 3; attempt++)
        {
            await socket.SendAsync(request, SocketFlags.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                int length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                byte[] reply = buffer[..length];
                Assert.True(AmplificationLimit.Allows(request.Length, reply.Length), $"{reply.Length}-byte reply to a {request.Length}-byte request");
                return reply;
            }
            catch (OperationCanceledException)
            {
                // UDP: a datagram can be lost even on loopback under load; ask again (bounded).
            }
        }

        throw new TimeoutException($"no reply from {Endpoint}");
    }

    private async Task<string> AskAsync(string request) => Encoding.UTF8.GetString(await AskAsync(Encoding.UTF8.GetBytes(request)));

    [Fact]
    public async Task Classic_python_client_gets_the_time_including_the_empty_payload_default()
    {
        // The classic client from the Python time-server examples, unchanged: sendto(fmt), recv(1024), print.
        const string Script = """
            import sys
            from socket import socket, AF_INET, SOCK_DGRAM
            s = socket(AF_INET, SOCK_DGRAM)
            s.settimeout(5)
            for fmt in sys.argv[3:]:
                s.sendto(fmt.encode(), (sys.argv[1], int(sys.argv[2])))
                print(s.recv(1024).decode())
            """;
        var (exitCode, output, errors) = await ExternalProcess.RunAsync(
            "python3",
            ["-c", Script, "127.0.0.1", Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "", "%Y-%m-%d %H:%M:%S %Z", "%s"],
            TimeSpan.FromSeconds(20));
        Assert.True(exitCode == 0, errors);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);

        DateTime now = DateTime.UtcNow;
        DateTime reported = DateTime.ParseExact(lines[0], "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange((now - reported).TotalSeconds, -2, 5);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", lines[1]);
        Assert.InRange(long.Parse(lines[2], System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), -5, 2);
    }

    [Fact]
    public async Task Options_block_selects_zone_and_instant_over_the_wire()
    {
        Assert.Equal("2026-03-08 03:30:00 EDT -0400", await AskAsync("%{tz=America/New_York;at=2026-03-08T07:30:00Z}%F %T %Z %z"));
        Assert.Equal("Mon Jan  1 05:53:28 1 LMT", await AskAsync("%{tz=Asia/Kolkata;at=0001-01-01T00:00:00Z}%c %Z"));
    }

    [Fact]
    public async Task Invalid_utf8_gets_an_error_reply()
    {
        Assert.Equal("ERR utf8: request is not valid UTF-8", Encoding.UTF8.GetString(await AskAsync([0x25, 0x59, 0xC3, 0x28, 0x20, 0x20])));
    }

    [Fact]
    public async Task Unknown_zone_gets_an_error_reply()
    {
        Assert.Equal("ERR zone: unknown time zone 'Atlantis/Capital'", await AskAsync("%{tz=Atlantis/Capital}%H:%M"));
    }

    [Fact]
    public async Task Over_long_format_gets_an_error_reply()
    {
        Assert.StartsWith("ERR too-long", await AskAsync(new string('%', 1500)));
    }

    [Fact]
    public async Task Result_breaking_the_amplification_limit_gets_an_error_reply()
    {
        string reply = await AskAsync("%500c");
        Assert.StartsWith("ERR too-big", reply);
        Assert.Equal(500, (await AskAsync("%500c" + new string(' ', 250))).Length - 250); // 255 bytes in allow 821 out
    }

    [Fact]
    public async Task Largest_datagram_is_answered_not_truncated()
    {
        byte[] huge = new byte[AmplificationLimit.MaxUdpPayload];
        huge.AsSpan().Fill((byte)'x');
        Assert.StartsWith("ERR too-long", Encoding.UTF8.GetString(await AskAsync(huge)));
    }
}
