using System.Net;
using NodaTime;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.RateLimiting;
using UdpSuite.Protocol.Sntp;

namespace UdpSuite.Protocol.Tests.Sntp;

public class SntpResponderTests
{
    private static readonly Instant Received = Instant.FromUtc(2026, 11, 24, 1, 2, 3) + Duration.FromMilliseconds(250);
    private static readonly Instant Transmitted = Received + Duration.FromNanoseconds(40_000);
    private static readonly NtpTimestamp ClientTransmit = new(0xEB00_0000_1234_5678ul);
    private static readonly SocketAddress Client = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 40123).Serialize();

    private static byte[] Request(byte version = 4, NtpMode mode = NtpMode.Client, int length = 48, sbyte poll = 6)
    {
        byte[] buffer = new byte[Math.Max(length, 48)];
        new NtpPacket { Version = version, Mode = mode, Poll = poll, TransmitTimestamp = ClientTransmit }.WriteTo(buffer);
        return buffer[..length];
    }

    private static (SntpResponse Response, NtpPacket Reply) Respond(byte[] request, RateVerdict verdict = RateVerdict.Allow) =>
        Respond(request, new ScriptedRateLimiter(verdict));

    private static (SntpResponse Response, NtpPacket Reply) Respond(byte[] request, ScriptedRateLimiter limiter)
    {
        var responder = new SntpResponder(new SntpServerSettings(), limiter);
        byte[] reply = new byte[65_507];
        SntpResponse response = responder.Respond(request, reply, Client, Received, Transmitted);
        return (response, response.Length >= 48 ? NtpPacket.Decode(reply).Packet : default);
    }

    [Fact]
    public void Client_request_gets_mode_4_with_origin_echo_and_server_timestamps()
    {
        (SntpResponse response, NtpPacket reply) = Respond(Request());
        Assert.Equal(SntpResponseKind.Reply, response.Kind);
        Assert.Equal(48, response.Length);
        Assert.Equal(NtpMode.Server, reply.Mode);
        Assert.Equal(ClientTransmit, reply.OriginTimestamp);
        Assert.Equal(NtpTimestamp.FromInstant(Received), reply.ReceiveTimestamp);
        Assert.Equal(NtpTimestamp.FromInstant(Transmitted), reply.TransmitTimestamp);
        Assert.Equal(10, reply.Stratum);
        Assert.Equal(NtpReferenceId.LocalClock, reply.ReferenceId);
        Assert.Equal(NtpLeapIndicator.NoWarning, reply.Leap);
        Assert.Equal(-20, reply.Precision);
        Assert.True(reply.ReferenceTimestamp.Value <= reply.ReceiveTimestamp.Value);
        Assert.False(reply.ReferenceTimestamp.IsZero);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Version_is_echoed(byte version)
    {
        (SntpResponse response, NtpPacket reply) = Respond(Request(version));
        Assert.Equal(SntpResponseKind.Reply, response.Kind);
        Assert.Equal(version, reply.Version);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public void Unknown_versions_are_dropped(byte version)
    {
        Assert.Equal(SntpDropReasons.BadVersion, Respond(Request(version)).Response.DropReason);
    }

    [Fact]
    public void Symmetric_active_request_gets_mode_2_with_the_same_timestamps_as_a_client()
    {
        (SntpResponse response, NtpPacket reply) = Respond(Request(mode: NtpMode.SymmetricActive));
        Assert.Equal(SntpResponseKind.Reply, response.Kind);
        Assert.Equal(48, response.Length);
        Assert.Equal(NtpMode.SymmetricPassive, reply.Mode);
        Assert.Equal(ClientTransmit, reply.OriginTimestamp);
        Assert.Equal(NtpTimestamp.FromInstant(Received), reply.ReceiveTimestamp);
        Assert.Equal(NtpTimestamp.FromInstant(Transmitted), reply.TransmitTimestamp);
        Assert.Equal(10, reply.Stratum);
    }

    [Fact]
    public void Symmetric_active_request_is_rate_limited_like_a_client_and_its_kiss_of_death_is_mode_2()
    {
        var limiter = new ScriptedRateLimiter(RateVerdict.DropAndNotify);
        (SntpResponse response, NtpPacket reply) = Respond(Request(mode: NtpMode.SymmetricActive), limiter);
        Assert.Equal(1, limiter.Calls);
        Assert.Equal(SntpResponseKind.KissOfDeath, response.Kind);
        Assert.Equal(NtpMode.SymmetricPassive, reply.Mode);
        Assert.Equal(0, reply.Stratum);
    }

    [Theory]
    [InlineData(NtpMode.Reserved)]
    [InlineData(NtpMode.SymmetricPassive)]
    [InlineData(NtpMode.Server)]
    [InlineData(NtpMode.Broadcast)]
    [InlineData(NtpMode.Control)]
    [InlineData(NtpMode.Private)]
    public void Non_client_modes_are_dropped(NtpMode mode)
    {
        Assert.Equal(SntpDropReasons.NotClientMode, Respond(Request(mode: mode)).Response.DropReason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(47)]
    public void Short_requests_are_dropped(int length)
    {
        (SntpResponse response, _) = Respond(Request(length: length));
        Assert.Equal(SntpResponseKind.Drop, response.Kind);
        Assert.Equal(SntpDropReasons.TooShort, response.DropReason);
    }

    [Fact]
    public void Kiss_of_death_is_stratum_0_rate_with_origin_echo_and_no_time()
    {
        (SntpResponse response, NtpPacket reply) = Respond(Request(), RateVerdict.DropAndNotify);
        Assert.Equal(SntpResponseKind.KissOfDeath, response.Kind);
        Assert.Equal(48, response.Length);
        Assert.Equal(0, reply.Stratum);
        Assert.Equal("RATE", NtpReferenceId.Format(reply.ReferenceId, 0));
        Assert.Equal(NtpLeapIndicator.Unsynchronized, reply.Leap);
        Assert.Equal(ClientTransmit, reply.OriginTimestamp);
        Assert.Equal(ClientTransmit, reply.TransmitTimestamp);
    }

    [Fact]
    public void Drop_verdict_is_silence()
    {
        Assert.Equal(SntpDropReasons.RateLimited, Respond(Request(), RateVerdict.Drop).Response.DropReason);
    }

    [Fact]
    public void A_client_request_asks_the_limiter_once_with_its_source_and_receive_time()
    {
        var limiter = new ScriptedRateLimiter(RateVerdict.Allow);
        Respond(Request(), limiter);
        Assert.Equal(1, limiter.Calls);
        Assert.Same(Client, limiter.LastClient);
        Assert.Equal(Received, limiter.LastReceivedAt);
    }

    [Theory]
    [InlineData(47, 4, NtpMode.Client)] // too short
    [InlineData(48, 0, NtpMode.Client)] // version 0
    [InlineData(48, 5, NtpMode.Client)] // newer than NTPv4
    [InlineData(48, 4, NtpMode.Server)]
    [InlineData(48, 4, NtpMode.Control)]
    public void What_is_not_a_client_request_never_reaches_the_limiter(int length, byte version, NtpMode mode)
    {
        var limiter = new ScriptedRateLimiter(RateVerdict.Allow);
        Assert.Equal(SntpResponseKind.Drop, Respond(Request(version, mode, length), limiter).Response.Kind);
        Assert.Equal(0, limiter.Calls);
    }

    [Fact]
    public void Reply_never_exceeds_request_size_so_the_amplification_rule_holds()
    {
        var random = new Random(99);
        byte[] request = new byte[200];
        for (int i = 0; i < 2000; i++)
        {
            random.NextBytes(request);
            int length = random.Next(0, 200);
            (SntpResponse response, _) = Respond(request[..length]);
            Assert.True(response.Length <= length);
            Assert.True(AmplificationLimit.Allows(length, response.Length));
        }
    }

    [Fact]
    public void Poll_is_echoed_and_clamped()
    {
        Assert.Equal(6, Respond(Request(poll: 6)).Reply.Poll);
        Assert.Equal(17, Respond(Request(poll: 100)).Reply.Poll);
        Assert.Equal(0, Respond(Request(poll: -5)).Reply.Poll);
    }
}
