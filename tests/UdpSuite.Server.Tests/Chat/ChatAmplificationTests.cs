using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Server.Tests.Chat;

public class ChatAmplificationTests
{
    /// <summary>Every datagram a sender without a channel can make, valid and not.</summary>
    private static IEnumerable<(string What, byte[] Request)> UnauthenticatedRequests()
    {
        var buffer = new byte[ChatWire.MaxDatagram];
        byte[] Take(int length) => buffer[..length];
        byte[] Opening()
        {
            using var client = new ChannelClient();
            return Take(client.Start(TimeSpan.Zero, buffer));
        }

        yield return ("probe", Take(ProbeDatagrams.WriteProbe(buffer)));
        yield return ("probe with trailing bytes", [.. Take(ProbeDatagrams.WriteProbe(buffer)), 1, 2, 3]);
        yield return ("probe, bare prefix", "UC\x02\x08"u8.ToArray());
        yield return ("opening", Opening());
        yield return ("opening, too short", Opening()[..600]);
        yield return ("opening, bare prefix", "UC\x02\x01"u8.ToArray());
        yield return ("opening, padded garbage", [.. "UC\x02\x01"u8, .. Enumerable.Repeat((byte)0xFF, 1196)]);
        yield return ("transport, invented session", [.. "UC\x02\x10"u8, .. Enumerable.Repeat((byte)0x42, 60)]);
        yield return ("server-to-client types", "UC\x02\x03"u8.ToArray());
        yield return ("cookie reply", [.. "UC\x02\x02"u8, .. new byte[24]]);
        yield return ("version 1 hello", [.. "UC\x01\x01"u8, .. new byte[1196]]);
        yield return ("version 1 probe", "UC\x01\x08"u8.ToArray());
        yield return ("other version, 2 bytes more", "UC\x09\x01xy"u8.ToArray());
        yield return ("error type", "UC\x01\x07"u8.ToArray());
        yield return ("empty", []);
        yield return ("magic only", "UC"u8.ToArray());
    }

    [Fact]
    public async Task No_unauthenticated_request_gets_more_than_three_times_its_bytes_and_a_full_opening_gets_no_more_than_its_own()
    {
        await using var server = ChatTestServer.Start();
        using var alice = new ChatTestPeer(server.Endpoint, "alice");
        Assert.Null(await alice.RegisterAsync("pw"));

        foreach ((string what, byte[] request) in UnauthenticatedRequests())
        {
            using var stranger = new ChatTestPeer(server.Endpoint, "stranger");
            stranger.SendRaw(request);
            await stranger.DrainAsync(TimeSpan.FromMilliseconds(100));

            int bytesIn = stranger.Wire.Where(w => w.Outgoing).Sum(w => w.Datagram.Length + AmplificationLimit.HeaderBytes);
            int bytesOut = stranger.Wire.Where(w => !w.Outgoing).Sum(w => w.Datagram.Length + AmplificationLimit.HeaderBytes);
            Assert.True(bytesOut <= 3 * bytesIn, $"{what}: {bytesOut} bytes out for {bytesIn} in");
            if (request.Length >= ChannelWire.InitiationLength)
            {
                Assert.True(bytesOut <= bytesIn, $"{what}: opening answered with {bytesOut} bytes for {bytesIn}");
            }
        }
    }

    [Fact]
    public async Task A_probe_gets_the_server_key_and_name_within_three_times_its_size()
    {
        await using var server = ChatTestServer.Start();
        using var peer = new ChatTestPeer(server.Endpoint, "probe");
        var probe = new byte[ProbeDatagrams.ProbeLength];

        byte[] reply = await peer.RequestAsync(probe.AsSpan(0, ProbeDatagrams.WriteProbe(probe)));

        Assert.True(ProbeDatagrams.TryReadProbeReply(reply, out ProbeAnswer? answer));
        Assert.Equal("test-server", answer!.ServerName);
        Assert.Equal(server.Identity.Fingerprint, answer.Fingerprint);
        Assert.True(AmplificationLimit.Allows(probe.Length, reply.Length));
    }

    [Fact]
    public async Task Version_1_gets_UnsupportedVersion_and_never_a_challenge()
    {
        await using var server = ChatTestServer.Start();
        using var peer = new ChatTestPeer(server.Endpoint, "past");

        byte[] reply = await peer.RequestAsync([.. "UC\x01\x01"u8, .. new byte[1196]]);

        Assert.True(HandshakeCodec.TryReadError(reply, out ErrorMessage error));
        Assert.Equal(ChatErrorCode.UnsupportedVersion, error.Code);
        Assert.Null(await peer.ReceiveRawAsync(TimeSpan.FromMilliseconds(100)));
    }
}
