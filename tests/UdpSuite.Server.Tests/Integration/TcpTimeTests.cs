using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UdpSuite.Server.Tests.Integration;

/// <summary>
/// RFC 868 and RFC 867 over TCP on the same ports as their UDP listeners: real clients (Debian's rdate, which uses TCP
/// unless told -u; busybox rdate, which only speaks TCP to port 37), the answer written on connect, the connection
/// limit and the timeout.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class TcpTimeTests(SharedServerFixture fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void The_server_announces_a_tcp_listener_on_each_udp_time_port()
    {
        foreach (string name in (string[])["rfc868", "daytime"])
        {
            IPEndPoint udp = fixture.Server.Endpoint(name);
            Assert.Contains($"listening {name} tcp {udp}", fixture.Server.StandardOutput);
        }

        Assert.DoesNotContain(fixture.Server.StandardOutput, line => line.StartsWith("listening sntp tcp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Debian_rdate_over_tcp_prints_now()
    {
        int port = fixture.Server.Endpoint("rfc868").Port;
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(
            "rdate", ["-p", "-o", port.ToString(CultureInfo.InvariantCulture), "127.0.0.1"], TimeSpan.FromSeconds(15));

        Assert.True(exitCode == 0, stdout + stderr);
        AssertCtimeIsNow(stdout);
    }

    [Fact]
    public async Task Rfc868_over_tcp_is_four_bytes_of_seconds_since_1900_then_close()
    {
        byte[] answer = await ReadAllAsync(fixture.Server.Endpoint("rfc868"));

        Assert.Equal(4, answer.Length);
        DateTimeOffset told = new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(BinaryPrimitives.ReadUInt32BigEndian(answer));
        Assert.InRange((told - DateTimeOffset.UtcNow).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Daytime_over_tcp_is_one_line_then_close()
    {
        string line = Encoding.ASCII.GetString(await ReadAllAsync(fixture.Server.Endpoint("daytime")));

        Assert.EndsWith("\r\n", line, StringComparison.Ordinal);
        Assert.Single(line.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nc_reads_the_daytime_line_over_tcp()
    {
        int port = fixture.Server.Endpoint("daytime").Port;
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(
            "nc", ["-d", "-w", "5", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(15));

        Assert.True(exitCode == 0, stderr);
        Assert.EndsWith("\r\n", stdout, StringComparison.Ordinal);
        Assert.Contains(DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture), stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_beyond_the_limit_is_closed_without_an_answer_and_the_next_one_after_a_close_is_served()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(
            [.. ServerProcess.EphemeralLoopbackArguments, "--zone", "UTC"],
            new Dictionary<string, string> { ["UDPSUITE_Server__TcpConnectionLimit"] = "1", ["UDPSUITE_Server__TcpTimeout"] = "00:01:00" });
        IPEndPoint endPoint = server.Endpoint("rfc868");

        // The first client reads its answer but keeps the connection open: the server waits for its close (up to the timeout).
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await holder.ConnectAsync(endPoint);
        byte[] buffer = new byte[16];
        Assert.Equal(4, await ReceiveAsync(holder, buffer));

        Assert.Empty(await ReadAllAsync(endPoint));

        holder.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await ReceiveAsync(holder, buffer)); // the server's side is done: its slot is free now
        holder.Close();

        // The slot is released once the server's task finishes; bounded retries cover that short moment.
        byte[] answer = [];
        for (int attempt = 0; attempt < 50 && answer.Length == 0; attempt++)
        {
            answer = await ReadAllAsync(endPoint);
            if (answer.Length == 0)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(4, answer.Length);
    }

    [Fact]
    public async Task A_client_that_never_closes_is_cut_after_the_timeout()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(
            [.. ServerProcess.EphemeralLoopbackArguments, "--zone", "UTC"],
            new Dictionary<string, string> { ["UDPSUITE_Server__TcpTimeout"] = "00:00:00.5" });

        using var idle = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await idle.ConnectAsync(server.Endpoint("daytime"));
        byte[] buffer = new byte[256];
        int total = 0;
        int read;
        while ((read = await ReceiveAsync(idle, buffer.AsMemory(total))) > 0)
        {
            total += read;
        }

        // The answer came, then the server closed on its own although this client neither wrote nor closed.
        Assert.EndsWith("\r\n", Encoding.ASCII.GetString(buffer, 0, total), StringComparison.Ordinal);
    }

    [BusyboxNamespaceFact]
    public async Task Busybox_rdate_reads_the_time_over_tcp_port_37_in_a_private_network_namespace()
    {
        // busybox rdate has no port option: it connects to TCP 37. A private network namespace (only its own loopback)
        // lets the server take port 37 there without touching this machine's ports.
        string work = Directory.CreateTempSubdirectory("udpsuite-busybox-").FullName;
        try
        {
            string script = string.Join('\n',
                "set -u",
                "ip link set lo up",
                $"dotnet '{ServerProcess.CliPath}' server --time-port off --ntp-port off --rfc868-port 37 --daytime-port off --chat-port off --discovery-port off --bind 127.0.0.1 --zone UTC --data-dir '{work}/data' > '{work}/server.log' 2>&1 &",
                "pid=$!",
                $"for _ in $(seq 1 200); do grep -q '^listening rfc868 tcp' '{work}/server.log' && break; sleep 0.1; done",
                "busybox rdate -p 127.0.0.1; rc=$?",
                "kill -TERM $pid; wait $pid",
                $"cat '{work}/server.log' >&2",
                "exit $rc");
            var start = new ProcessStartInfo("unshare", ["--net", "sh", "-c", script]);
            start.Environment["HOME"] = work;
            start.Environment["XDG_DATA_HOME"] = Path.Combine(work, "xdg-data");
            start.Environment["XDG_CONFIG_HOME"] = Path.Combine(work, "xdg-config");
            var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(start, TimeSpan.FromSeconds(60));

            Assert.True(exitCode == 0, stdout + stderr);
            Assert.Contains("listening rfc868 tcp 127.0.0.1:37", stderr, StringComparison.Ordinal);
            AssertCtimeIsNow(stdout);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Checks a ctime-style line with the zone before the year ("Tue Nov 24 00:52:36 UTC 2026", rdate -p) is now.</summary>
    private static void AssertCtimeIsNow(string output)
    {
        string[] parts = output.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.True(parts.Length >= 5, output);
        var printed = DateTime.ParseExact($"{parts[1]} {parts[2]} {parts[^1]} {parts[3]}", "MMM d yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        Assert.InRange((printed - DateTime.UtcNow).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    /// <summary>Connects, reads until the server closes (bounded), returns what came.</summary>
    private static async Task<byte[]> ReadAllAsync(IPEndPoint endPoint)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint);
        socket.Shutdown(SocketShutdown.Send);
        var received = new List<byte>();
        byte[] buffer = new byte[256];
        int read;
        while ((read = await ReceiveAsync(socket, buffer)) > 0)
        {
            received.AddRange(buffer.AsSpan(0, read));
        }

        return [.. received];
    }

    private static async Task<int> ReceiveAsync(Socket socket, Memory<byte> buffer)
    {
        using var cts = new CancellationTokenSource(Bound);
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return 0; // a connection closed by the server without an answer may arrive as a reset
        }
    }
}

/// <summary>A fact that needs busybox and root (unshare --net); skipped with the reason elsewhere.</summary>
internal sealed class BusyboxNamespaceFactAttribute : FactAttribute
{
    public BusyboxNamespaceFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "skipped: needs root on Linux for a private network namespace (unshare --net)";
        }
        else if (!File.Exists("/bin/busybox") && !File.Exists("/usr/bin/busybox"))
        {
            Skip = "skipped: busybox is not installed";
        }
    }
}
