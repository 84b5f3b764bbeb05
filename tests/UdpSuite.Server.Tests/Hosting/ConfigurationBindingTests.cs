using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.RateLimit;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;
using UdpSuite.Server.Hosting;
using UdpSuite.Time.Strftime;

namespace UdpSuite.Server.Tests.Hosting;

/// <summary>For every options class, a key set in configuration reaches the component the container builds.</summary>
public sealed class ConfigurationBindingTests : IDisposable
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 1, 2, 3);
    private static readonly DatagramContext FromClient = new(new IPEndPoint(IPAddress.Loopback, 40_000).Serialize(), Now);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("udpsuite-binding-").FullName;
    private readonly byte[] _reply = new byte[65_507];

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public void Server_options_reach_the_listeners_the_zone_and_the_format_cache()
    {
        using ServiceProvider services = TestConfiguration.Services(
            ("Server:LoopsPerListener", "3"), ("Server:BatchedIo", "false"), ("Server:Zone", "Asia/Kolkata"), ("Server:FormatCacheSize", "77"));
        ListenerSet listeners = services.GetRequiredService<ListenerSet>();
        Assert.Equal((3, false), (listeners.LoopsPerListener, listeners.BatchedIo));
        Assert.Equal("Asia/Kolkata", services.GetRequiredService<DateTimeZone>().Id);
        Assert.Equal(77, services.GetRequiredService<StrftimeFormatCache>().Capacity);
    }

    [Fact]
    public void The_server_name_reaches_the_chat_probe_reply()
    {
        using ServiceProvider services = TestConfiguration.Services(("Server:ServerName", "  lab server "), ("Server:DataDirectory", _dataDirectory));
        ChatHandler chat = services.GetRequiredService<ChatHandler>();
        byte[] probe = new byte[ProbeDatagrams.ProbeLength];
        int length = ProbeDatagrams.WriteProbe(probe);

        HandlerResult result = chat.Handle(probe.AsSpan(0, length), _reply, FromClient);

        Assert.True(ProbeDatagrams.TryReadProbeReply(_reply.AsSpan(0, result.ReplyLength), out ProbeAnswer? reply));
        Assert.Equal("lab server", reply!.ServerName);
    }

    [Fact]
    public void Ntp_settings_reach_the_sntp_reply()
    {
        using ServiceProvider services = TestConfiguration.Services(("Server:Ntp:Stratum", "3"), ("Server:Ntp:Precision", "-10"));
        NtpPacket reply = Answer(services.GetRequiredService<SntpHandler>());
        Assert.Equal((3, (sbyte)-10), (reply.Stratum, reply.Precision));
    }

    [Fact]
    public void Ntp_rate_limits_reach_the_sntp_handler()
    {
        using ServiceProvider services = TestConfiguration.Services(("Server:NtpRateLimit:Burst", "1"), ("Server:NtpRateLimit:RequestsPerSecond", "1"));
        SntpHandler handler = services.GetRequiredService<SntpHandler>();
        Assert.False(Answer(handler).IsKissOfDeath);
        Assert.True(Answer(handler).IsKissOfDeath);
    }

    [Fact]
    public void Chat_rate_limits_reach_the_chat_handler()
    {
        using ServiceProvider services = TestConfiguration.Services(
            ("Server:ChatRateLimit:PerSourceBurst", "1"), ("Server:ChatRateLimit:PerSourcePerSecond", "1"), ("Server:DataDirectory", _dataDirectory));
        ChatHandler chat = services.GetRequiredService<ChatHandler>();
        byte[] probe = new byte[ProbeDatagrams.ProbeLength];
        int length = ProbeDatagrams.WriteProbe(probe);

        chat.Handle(probe.AsSpan(0, length), _reply, FromClient);
        chat.Handle(probe.AsSpan(0, length), _reply, FromClient);

        Assert.Equal(1, chat.Counters.Get(ChatRateLimitDropReasons.Source));
    }

    [Fact]
    public void Chat_relay_limits_reach_the_chat_handler()
    {
        using ServiceProvider services = TestConfiguration.Services(
            ("Chat:TickInterval", "00:00:00.250"), ("Chat:SessionTimeout", "00:00:04"), ("Server:DataDirectory", _dataDirectory));
        Assert.Equal(TimeSpan.FromMilliseconds(250), services.GetRequiredService<ChatHandler>().TickInterval);
        Assert.Equal(TimeSpan.FromSeconds(4), services.GetRequiredService<ChatRelayLimits>().SessionIdleTimeout);
    }

    [Fact]
    public void Presence_limits_are_bound_from_the_chat_section()
    {
        using ServiceProvider services = TestConfiguration.Services(("Chat:PresenceAwayAfter", "00:00:01.5"), ("Chat:MaxContacts", "12"));
        PresenceLimits limits = services.GetRequiredService<PresenceLimits>();
        Assert.Equal((TimeSpan.FromSeconds(1.5), 12), (limits.AwayAfter, limits.MaxContacts));
    }

    [Fact]
    public void Keys_left_unset_keep_the_property_initializers()
    {
        using ServiceProvider services = TestConfiguration.Services();
        Assert.Equivalent(new ServerOptions(), services.GetRequiredService<ServerOptions>());
        Assert.Equal(new SntpServerSettings(), services.GetRequiredService<SntpServerSettings>());
        Assert.Equivalent(new SntpRateLimitOptions(), services.GetRequiredService<SntpRateLimitOptions>());
        Assert.Equivalent(new ChatRateLimitOptions(), services.GetRequiredService<ChatRateLimitOptions>());
        Assert.Equal(new ChatRelayLimits(), services.GetRequiredService<ChatRelayLimits>());
        Assert.Equal(new PresenceLimits(), services.GetRequiredService<PresenceLimits>());
    }

    private NtpPacket Answer(SntpHandler handler)
    {
        byte[] request = new byte[NtpPacket.HeaderLength];
        new NtpPacket { Version = NtpPacket.HighestVersion, Mode = NtpMode.Client, TransmitTimestamp = new NtpTimestamp(42) }.WriteTo(request);
        HandlerResult result = handler.Handle(request, _reply, FromClient);
        Assert.False(result.IsDrop);
        return NtpPacket.Decode(_reply.AsSpan(0, result.ReplyLength)).Packet;
    }
}
