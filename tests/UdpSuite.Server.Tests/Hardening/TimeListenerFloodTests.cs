using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Server.Tests.Hardening;

/// <summary>
/// Issue 19, item 6: a real server's time-text, daytime and RFC 868 listeners throttle one flooding address (UDP, and
/// TCP connections to the same listener) while another address still gets answers. Assertions are counts.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class TimeListenerFloodTests
{
    private const int FloodDatagrams = 400;
    private const int TcpFloodConnections = 200;

    [Fact]
    public async Task One_flooding_address_is_throttled_on_udp_and_tcp_while_another_is_answered()
    {
        // Production defaults: burst 64, 16 requests/s per address and listener.
        await using ServerProcess server = await ServerProcess.StartAsync(
            ["server", "--time-port", "0", "--ntp-port", "off", "--rfc868-port", "0", "--daytime-port", "0", "--chat-port", "off", "--bind", "127.0.0.1"],
            expectedListeners: ["time-text", "rfc868", "daytime"]);

        foreach (string listener in new[] { "time-text", "daytime", "rfc868" })
        {
            IPEndPoint target = server.Endpoint(listener);
            var clock = Stopwatch.StartNew();
            int answered = await FloodAsync(IPAddress.Parse("127.0.0.3"), target, FloodDatagrams);
            double seconds = clock.Elapsed.TotalSeconds;

            // Burst 64 + 16/s while the flood and the wait for stragglers lasted (+ 1 s slack), far below what was sent.
            Assert.InRange(answered, 1, 64 + (int)Math.Ceiling((seconds + 1) * 16));
            Assert.True(await AnsweredAsync(IPAddress.Parse("127.0.0.4"), target), $"{listener}: another address got no answer during the flood");
        }

        // TCP connection attempts take from the same buckets: a run of connections from one address is cut to the
        // limit (the rest are closed unanswered), while a connection from another address is answered.
        foreach (string listener in new[] { "daytime", "rfc868" })
        {
            IPEndPoint target = server.Endpoint(listener);
            var clock = Stopwatch.StartNew();
            int answered = 0;
            for (int i = 0; i < TcpFloodConnections; i++)
            {
                answered += await TcpAnswerLengthAsync(IPAddress.Parse("127.0.0.5"), target) > 0 ? 1 : 0;
            }

            Assert.InRange(answered, 1, 64 + (int)Math.Ceiling((clock.Elapsed.TotalSeconds + 1) * 16));
            Assert.True(answered < TcpFloodConnections, $"{listener}: every one of {TcpFloodConnections} TCP connections was answered");
            Assert.True(await TcpAnswerLengthAsync(IPAddress.Parse("127.0.0.6"), target) > 0, $"{listener}: TCP from another address got no answer");
        }
    }

    /// <summary>Sends <paramref name="count"/> datagrams from <paramref name="from"/> back to back; returns how many answers came (waiting until 1 s passes without one).</summary>
    private static async Task<int> FloodAsync(IPAddress from, IPEndPoint target, int count)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(from, 0));
        socket.Connect(target);
        byte[] request = "%H:%M:%S"u8.ToArray();
        for (int i = 0; i < count; i++)
        {
            socket.Send(request);
        }

        int answers = 0;
        var buffer = new byte[2048];
        for (int i = 0; i < count; i++)
        {
            using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await socket.ReceiveAsync(buffer, SocketFlags.None, quiet.Token);
                answers++;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return answers;
    }

    /// <summary>One request from <paramref name="from"/>, up to 3 tries of 2 s.</summary>
    private static async Task<bool> AnsweredAsync(IPAddress from, IPEndPoint target)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(from, 0));
        socket.Connect(target);
        var buffer = new byte[2048];
        for (int attempt = 0; attempt < 3; attempt++)
        {
            socket.Send("%H:%M:%S"u8);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                return await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0;
            }
            catch (OperationCanceledException)
            {
            }
        }

        return false;
    }

    /// <summary>Connects from <paramref name="from"/> and reads until the server closes (at most 5 s); the bytes it sent.</summary>
    private static async Task<int> TcpAnswerLengthAsync(IPAddress from, IPEndPoint target)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(from, 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(target, timeout.Token);
        int total = 0;
        var buffer = new byte[256];
        for (int reads = 0; reads < 16; reads++)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            }
            catch (SocketException)
            {
                break; // reset: closed without an answer
            }

            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
