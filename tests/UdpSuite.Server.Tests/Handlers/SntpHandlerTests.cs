using NodaTime;
using NodaTime.Testing;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;

namespace UdpSuite.Server.Tests.Handlers;

public class SntpHandlerTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 1, 2, 3);
    private static readonly NtpTimestamp ClientTransmit = new(0xEB01_0203_0405_0607ul);

    private static (SntpHandler Handler, FakeClock Clock, SntpRateLimiter Limiter) Create(SntpRateLimitOptions? limits = null)
    {
        var clock = new FakeClock(Now, Duration.FromNanoseconds(1000));
        var limiter = new SntpRateLimiter(limits ?? new SntpRateLimitOptions());
        return (new SntpHandler(clock, new SntpResponder(new SntpServerSettings(), limiter)), clock, limiter);
    }

    private static byte[] Request(byte version = 4, int length = 48)
    {
        byte[] buffer = new byte[Math.Max(48, length)];
        new NtpPacket { Version = version, Mode = NtpMode.Client, TransmitTimestamp = ClientTransmit }.WriteTo(buffer);
        return buffer[..length];
    }

    [Fact]
    public void Answers_with_mode_4_echoing_origin_and_using_both_clock_readings()
    {
        (SntpHandler handler, FakeClock clock, _) = Create();
        byte[] reply = new byte[65_507];
        Instant received = clock.GetCurrentInstant();
        HandlerResult result = handler.Handle(Request(), reply, new DatagramContext(TestAddresses.Of("10.0.0.1"), received));

        Assert.False(result.IsDrop);
        Assert.Equal(48, result.ReplyLength);
        NtpPacket packet = NtpPacket.Decode(reply).Packet;
        Assert.Equal(NtpMode.Server, packet.Mode);
        Assert.Equal(ClientTransmit, packet.OriginTimestamp);
        Assert.Equal(NtpTimestamp.FromInstant(received), packet.ReceiveTimestamp);
        Assert.True(packet.TransmitTimestamp.Value > packet.ReceiveTimestamp.Value);
        Assert.Equal(10, packet.Stratum);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void Echoes_the_request_version(byte version)
    {
        (SntpHandler handler, _, _) = Create();
        byte[] reply = new byte[65_507];
        handler.Handle(Request(version), reply, new DatagramContext(TestAddresses.Of("10.0.0.1"), Now));
        Assert.Equal(version, NtpPacket.Decode(reply).Packet.Version);
    }

    [Fact]
    public void Short_packets_are_dropped_without_touching_the_rate_table()
    {
        (SntpHandler handler, _, SntpRateLimiter limiter) = Create();
        HandlerResult result = handler.Handle(Request(length: 47), new byte[65_507], new DatagramContext(TestAddresses.Of("10.0.0.1"), Now));
        Assert.Equal(SntpDropReasons.TooShort, result.DropReason);
        Assert.Equal(0, limiter.TrackedClients);
    }

    [Fact]
    public void A_flood_from_one_client_gets_its_burst_then_a_few_kiss_of_death_then_silence()
    {
        (SntpHandler handler, _, _) = Create(new SntpRateLimitOptions { Burst = 16, RequestsPerSecond = 1, KissOfDeathBurst = 2, KissOfDeathIntervalSeconds = 60 });
        byte[] reply = new byte[65_507];
        int answered = 0, kisses = 0, silenced = 0;
        var context = new DatagramContext(TestAddresses.Of("10.0.0.7"), Now);
        for (int i = 0; i < 200; i++)
        {
            HandlerResult result = handler.Handle(Request(), reply, context);
            if (result.IsDrop)
            {
                Assert.Equal(SntpDropReasons.RateLimited, result.DropReason);
                silenced++;
            }
            else if (NtpPacket.Decode(reply).Packet.IsKissOfDeath)
            {
                Assert.Equal("RATE", NtpReferenceId.Format(NtpPacket.Decode(reply).Packet.ReferenceId, 0));
                kisses++;
            }
            else
            {
                answered++;
            }
        }

        Assert.InRange(answered, 16, 18);
        Assert.InRange(kisses, 2, 3);
        Assert.Equal(200 - answered - kisses, silenced);

        // Another client is unaffected by the flooder.
        HandlerResult other = handler.Handle(Request(), reply, new DatagramContext(TestAddresses.Of("10.0.0.8"), Now));
        Assert.False(other.IsDrop);
        Assert.False(NtpPacket.Decode(reply).Packet.IsKissOfDeath);
    }
}
