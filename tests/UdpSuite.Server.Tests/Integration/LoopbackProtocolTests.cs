using System.Globalization;
using System.Net;
using NodaTime;
using UdpSuite.Client.Daytime;
using UdpSuite.Client.Rfc868;
using UdpSuite.Client.Sntp;
using UdpSuite.Client.Transport;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Sntp;

namespace UdpSuite.Server.Tests.Integration;

/// <summary>Our clients and raw datagrams against the real server process on loopback.</summary>
[Collection(SharedServerCollection.Name)]
public class LoopbackProtocolTests(SharedServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DropTimeout = TimeSpan.FromMilliseconds(250);

    private static async Task<byte[]?> ExchangeAsync(IPEndPoint server, byte[] payload, TimeSpan timeout)
    {
        try
        {
            return (await new UdpRequestClient(timeout).SendAsync(server, payload)).Payload.ToArray();
        }
        catch (UdpTimeoutException)
        {
            return null;
        }
    }

    private static byte[] SntpRequest(byte version, NtpTimestamp transmit, int length = 48)
    {
        byte[] buffer = new byte[Math.Max(length, 48)];
        new NtpPacket { Version = version, Mode = NtpMode.Client, TransmitTimestamp = transmit }.WriteTo(buffer);
        return buffer[..length];
    }

    [Fact]
    public async Task Rfc868_reply_matches_the_system_clock()
    {
        (Instant time, _) = await new Rfc868Client().QueryAsync(fixture.Server.Endpoint("rfc868"), Timeout);
        Assert.InRange((time - SystemClock.Instance.GetCurrentInstant()).TotalSeconds, -2, 2);
    }

    [Fact]
    public async Task Daytime_reply_is_an_rfc867_line_matching_the_system_clock()
    {
        (string text, _) = await DaytimeClient.QueryAsync(fixture.Server.Endpoint("daytime"), Timeout);
        Assert.EndsWith("-UTC", text);
        var parsed = DateTime.ParseExact(text[..text.LastIndexOf('-')], "dddd, MMMM d, yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        Assert.InRange((parsed - DateTime.UtcNow).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Sntp_client_gets_time_offset_and_delay()
    {
        SntpQueryResult result = await new SntpClient().QueryAsync(fixture.Server.Endpoint("sntp"), Timeout);
        Assert.InRange(Math.Abs(result.Offset.TotalSeconds), 0, 0.1);
        Assert.InRange(result.Delay.TotalSeconds, 0, 1);
        Assert.Equal(10, result.Stratum);
        Assert.Equal(NtpLeapIndicator.NoWarning, result.Leap);
        Assert.Equal("127.127.1.1", result.ReferenceIdText);
    }

    [Fact]
    public async Task Sntp_symmetric_active_request_gets_a_symmetric_passive_reply()
    {
        var transmit = new NtpTimestamp(0xEB00_0000_0000_0001ul);
        byte[] request = new byte[48];
        new NtpPacket { Version = 4, Mode = NtpMode.SymmetricActive, TransmitTimestamp = transmit }.WriteTo(request);

        byte[]? reply = await ExchangeAsync(fixture.Server.Endpoint("sntp"), request, Timeout);

        Assert.NotNull(reply);
        NtpPacket packet = NtpPacket.Decode(reply).Packet;
        Assert.Equal(NtpMode.SymmetricPassive, packet.Mode);
        Assert.Equal(transmit, packet.OriginTimestamp);
        Assert.InRange((packet.TransmitTimestamp.ToInstantNear(SystemClock.Instance.GetCurrentInstant()) - SystemClock.Instance.GetCurrentInstant()).TotalSeconds, -2, 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Sntp_echoes_origin_and_version_in_a_mode_4_reply(byte version)
    {
        var transmit = new NtpTimestamp(0xEB00_1122_3344_5566ul + version);
        byte[]? reply = await ExchangeAsync(fixture.Server.Endpoint("sntp"), SntpRequest(version, transmit), Timeout);
        Assert.NotNull(reply);
        Assert.Equal(48, reply.Length);
        NtpPacket packet = NtpPacket.Decode(reply).Packet;
        Assert.Equal(NtpMode.Server, packet.Mode);
        Assert.Equal(version, packet.Version);
        Assert.Equal(transmit, packet.OriginTimestamp);
    }

    [Fact]
    public async Task Sntp_drops_short_packets()
    {
        Assert.Null(await ExchangeAsync(fixture.Server.Endpoint("sntp"), SntpRequest(4, new NtpTimestamp(1), length: 47), DropTimeout));
    }

    [Fact]
    public async Task No_listener_replies_more_than_the_amplification_limit_even_to_empty_requests()
    {
        int[] sizes = [0, 1, 4, 20, 47, 48, 49, 100, 1200, 65_507];
        var random = new Random(7);
        foreach ((string name, IPEndPoint endPoint) in fixture.Server.Listeners)
        {
            foreach (int size in sizes)
            {
                byte[] request = new byte[size];
                random.NextBytes(request);
                if (size >= 48 && name == "sntp")
                {
                    new NtpPacket { Version = 4, Mode = NtpMode.Client, TransmitTimestamp = new NtpTimestamp(5) }.WriteTo(request);
                }

                // chat drops datagrams without its "UC" magic (ChatAmplificationTests cover its replies).
                bool mayDrop = (name == "sntp" && size < 48) || name == "chat";
                byte[]? reply = await ExchangeAsync(endPoint, request, mayDrop ? DropTimeout : Timeout);
                if (reply is not null)
                {
                    Assert.True(AmplificationLimit.Allows(size, reply.Length), $"{name}: {reply.Length}-byte reply to a {size}-byte request");
                }
                else
                {
                    Assert.True(mayDrop, $"{name} did not answer a {size}-byte request");
                }
            }
        }
    }

    [Fact]
    public async Task Garbage_does_not_kill_any_listener()
    {
        var random = new Random(11);
        foreach (IPEndPoint endPoint in fixture.Server.Listeners.Values)
        {
            using var socket = new System.Net.Sockets.Socket(endPoint.AddressFamily, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
            for (int i = 0; i < 200; i++)
            {
                byte[] junk = new byte[random.Next(0, 600)];
                random.NextBytes(junk);
                socket.SendTo(junk, endPoint);
            }
        }

        // UDP may drop a query that lands while the burst still fills the socket buffer; that is loss, not a crash,
        // so each listener gets a few tries after the burst has had time to drain.
        await Task.Delay(200);
        (Instant time, _) = await RetryAsync(() => new Rfc868Client().QueryAsync(fixture.Server.Endpoint("rfc868"), TimeSpan.FromSeconds(1)));
        Assert.InRange((time - SystemClock.Instance.GetCurrentInstant()).TotalSeconds, -2, 2);
        Assert.NotNull(await RetryAsync(() => new SntpClient().QueryAsync(fixture.Server.Endpoint("sntp"), TimeSpan.FromSeconds(1))));
        Assert.NotEmpty((await RetryAsync(() => DaytimeClient.QueryAsync(fixture.Server.Endpoint("daytime"), TimeSpan.FromSeconds(1)))).Text);
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> query)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await query();
            }
            catch (UdpTimeoutException) when (attempt < 3)
            {
                // Try again; the third timeout fails the test.
            }
        }
    }
}
