using System.Net;
using System.Net.Sockets;
using UdpSuite.Protocol.Sntp;

namespace UdpSuite.Server.Tests.Integration;

/// <summary>Rate limiting through the real process, on its own server so the flood cannot disturb other tests.</summary>
public class SntpFloodTests
{
    [Fact]
    public async Task A_flood_gets_the_burst_then_kiss_of_death_rate_then_silence()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(
            ["server", "--time-port", "0", "--ntp-port", "0", "--rfc868-port", "off", "--daytime-port", "off", "--chat-port", "off", "--bind", "127.0.0.1"],
            new Dictionary<string, string>
            {
                ["UDPSUITE_Server__NtpRateLimit__Burst"] = "10",
                ["UDPSUITE_Server__NtpRateLimit__RequestsPerSecond"] = "1",
                ["UDPSUITE_Server__NtpRateLimit__KissOfDeathBurst"] = "2",
                ["UDPSUITE_Server__NtpRateLimit__KissOfDeathIntervalSeconds"] = "60",
            },
            ["sntp"]);
        IPEndPoint sntp = server.Endpoint("sntp");

        const int Requests = 100;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(sntp);
        byte[] request = new byte[48];
        for (int i = 0; i < Requests; i++)
        {
            new NtpPacket { Version = 4, Mode = NtpMode.Client, TransmitTimestamp = new NtpTimestamp((ulong)i + 1) }.WriteTo(request);
            socket.Send(request);
        }

        int answered = 0, kisses = 0;
        byte[] buffer = new byte[2048];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            for (int i = 0; i < Requests; i++)
            {
                int length = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                NtpPacket reply = NtpPacket.Decode(buffer.AsSpan(0, length)).Packet;
                if (reply.IsKissOfDeath)
                {
                    Assert.Equal("RATE", NtpReferenceId.Format(reply.ReferenceId, 0));
                    Assert.NotEqual(0ul, reply.OriginTimestamp.Value);
                    kisses++;
                }
                else
                {
                    answered++;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // No more replies: the rest were silenced.
        }

        Assert.InRange(answered, 10, 13);
        Assert.InRange(kisses, 1, 3);
        Assert.True(answered + kisses < Requests);
    }
}
