using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Tests.Chat;

public class ChatAmplificationTests
{
    /// <summary>Every request an unauthenticated sender can make, valid and not, with the reply type it should get (null = silence).</summary>
    private static IEnumerable<(string What, byte[] Request)> UnauthenticatedRequests()
    {
        var buffer = new byte[ChatWire.MaxDatagram];
        byte[] Take(int length) => buffer[..length];

        yield return ("probe", Take(HandshakeCodec.WriteProbe(buffer)));
        yield return ("probe with trailing bytes", [.. Take(HandshakeCodec.WriteProbe(buffer)), 1, 2, 3]);
        yield return ("hello", Take(HandshakeCodec.WriteHello(buffer, "alice", new byte[16])));
        yield return ("hello, unknown user", Take(HandshakeCodec.WriteHello(buffer, "nobody", new byte[16])));
        yield return ("hello, too short", Take(HandshakeCodec.WriteHello(buffer, "alice", new byte[16]))[..60]);
        yield return ("hello, bare prefix", "UC\x01\x01"u8.ToArray());
        yield return ("hello, padded garbage", [.. "UC\x01\x01"u8, .. Enumerable.Repeat((byte)0xFF, 1196)]);
        yield return ("register, new", Take(HandshakeCodec.WriteRegister(buffer, new RegisterMessage("carol", Scram.CreateVerifier("pw", ChatTestPeer.Iterations)))));
        yield return ("register, taken", Take(HandshakeCodec.WriteRegister(buffer, new RegisterMessage("alice", Scram.CreateVerifier("pw", ChatTestPeer.Iterations)))));
        yield return ("register, bare prefix", "UC\x01\x05"u8.ToArray());
        yield return ("proof, unknown nonce", Take(HandshakeCodec.WriteProof(buffer, new ProofMessage(new byte[16], new byte[16], new byte[32]))));
        yield return ("proof, bare prefix", "UC\x01\x03"u8.ToArray());
        yield return ("other version", "UC\x02\x08"u8.ToArray());
        yield return ("other version, 2 bytes more", "UC\x09\x01xy"u8.ToArray());
        yield return ("server-to-client types", "UC\x01\x02"u8.ToArray());
        yield return ("error type", "UC\x01\x07"u8.ToArray());
        yield return ("reserved unauthenticated type", "UC\x01\x0F"u8.ToArray());
        yield return ("empty", []);
        yield return ("magic only", "UC"u8.ToArray());
    }

    [Fact]
    public async Task No_unauthenticated_request_gets_more_than_three_times_its_bytes_and_a_full_hello_gets_no_more_than_its_own()
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
            if (request.Length >= ChatWire.MinHelloLength && request[3] == (byte)ChatMessageType.Hello)
            {
                Assert.True(bytesOut <= bytesIn, $"{what}: hello answered with {bytesOut} bytes for {bytesIn}");
            }
        }
    }

    [Fact]
    public async Task The_documented_probe_bytes_get_a_probe_reply_with_version_and_server_name()
    {
        await using var server = ChatTestServer.Start();
        using var peer = new ChatTestPeer(server.Endpoint, "probe");

        byte[] reply = await peer.RequestAsync([0x55, 0x43, 0x01, 0x08]);

        Assert.True(ChatPrefix.TryRead(reply, out ChatMessageType type));
        Assert.Equal(ChatMessageType.ProbeReply, type);
        Assert.True(HandshakeCodec.TryReadProbeReply(reply, out ProbeReplyMessage probe));
        Assert.Equal((1, "test-server"), (probe.ProtocolVersion, probe.ServerName));
        Assert.True(AmplificationLimit.Allows(4, reply.Length));
    }

    [Fact]
    public async Task Another_protocol_version_gets_UnsupportedVersion()
    {
        await using var server = ChatTestServer.Start();
        using var peer = new ChatTestPeer(server.Endpoint, "future");

        byte[] reply = await peer.RequestAsync("UC\x02\x01"u8);

        Assert.True(HandshakeCodec.TryReadError(reply, out ErrorMessage error));
        Assert.Equal(ChatErrorCode.UnsupportedVersion, error.Code);
    }
}
