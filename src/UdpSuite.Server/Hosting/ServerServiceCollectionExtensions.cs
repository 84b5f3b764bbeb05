using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Time.Strftime;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Handlers;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Hosting;

/// <summary>Registers the UDP server: options, clock, zones, handlers, metrics, listeners and the hosted service.</summary>
public static class ServerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the server. <see cref="IClock"/> and <see cref="IDateTimeZoneProvider"/> are only added when absent,
    /// so tests (FakeClock) and the host-zoneinfo provider can be registered first and win.
    /// Invalid configuration surfaces as <see cref="ServerConfigurationException"/> when the services are resolved.
    /// </summary>
    public static IServiceCollection AddUdpSuiteServer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(_ => BindOptions(configuration));
        services.TryAddSingleton<IClock>(SystemClock.Instance);
        // The zone source: the host's /usr/share/zoneinfo, so the server says what `date` on the host says;
        // NodaTime's embedded tzdb only where the host has no zoneinfo.
        services.TryAddSingleton(_ => UdpSuite.TimeZones.TimeZoneProviders.CreateDefault());
        services.AddSingleton(sp => ServerZoneResolver.Resolve(
            sp.GetRequiredService<IDateTimeZoneProvider>(), sp.GetRequiredService<ServerOptions>().Zone));

        services.AddSingleton(sp => CreateSntpSettings(sp.GetRequiredService<ServerOptions>()));
        services.AddSingleton<ISntpRateLimiter>(sp => CreateRateLimiter(sp.GetRequiredService<ServerOptions>()));
        services.AddSingleton<SntpResponder>();
        services.AddSingleton(sp => new ZoneLookup(sp.GetRequiredService<IDateTimeZoneProvider>()));
        services.AddSingleton(sp => new StrftimeFormatCache(sp.GetRequiredService<ServerOptions>().FormatCacheSize));
        services.AddSingleton<TimeTextHandler>();
        services.AddSingleton<SntpHandler>();
        services.AddSingleton<Rfc868Handler>();
        services.AddSingleton(sp => new DaytimeHandler(sp.GetRequiredService<IClock>(), sp.GetRequiredService<DateTimeZone>()));

        services.TryAddSingleton(_ => ChatConfiguration.RelayLimits(configuration));
        services.TryAddSingleton(_ => ChatConfiguration.PresenceLimits(configuration));
        services.TryAddSingleton(sp => new ChatCounters(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IChatStore>(sp =>
        {
            SqliteChatStore store = SqliteChatStore.Open(ChatDataDirectory.Resolve(sp.GetRequiredService<ServerOptions>().DataDirectory));
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SqliteChatStore>>().LogInformation("Chat store {Path} opened (SQLite, WAL)", store.Path);
            return store;
        });
        services.AddSingleton(sp => new ChatHandler(
            sp.GetRequiredService<IChatStore>(),
            sp.GetRequiredService<ChatRelayLimits>(),
            sp.GetRequiredService<ChatCounters>(),
            string.IsNullOrWhiteSpace(sp.GetRequiredService<ServerOptions>().ServerName) ? Environment.MachineName : sp.GetRequiredService<ServerOptions>().ServerName!.Trim(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ChatHandler>>(),
            sp.GetRequiredService<Chat.RateLimit.ChatRateLimiter>(),
            sp.GetRequiredService<PresenceLimits>(),
            sp.GetService<IPresenceAudience>())); // contacts and group co-members by default (SocialPresenceAudience)
        services.AddSingleton(sp => CreateChatRateLimiter(sp));
        // The answer names the ports as bound; it is built at the first probe, when ListenerSet.Bind has long returned.
        services.AddSingleton(sp => new Discovery.DiscoveryHandler(() => Discovery.DiscoveryAnnouncement.From(
            Discovery.DiscoveryAnnouncement.ServerName(sp.GetRequiredService<ServerOptions>()), sp.GetRequiredService<ListenerSet>().Bind())));

        services.AddMetrics();
        services.TryAddSingleton(sp => new ServerMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp => new ListenerSet(sp.GetRequiredService<ServerOptions>(), sp));
        services.AddHostedService<UdpListenerService>();
        return services;
    }

    private static ServerOptions BindOptions(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new ServerConfigurationException($"{ServerOptions.SectionName}: {ex.Message}", ex);
        }
    }

    private static SntpServerSettings CreateSntpSettings(ServerOptions options)
    {
        if (options.NtpStratum is < 1 or > 15)
        {
            throw new ServerConfigurationException($"Server:NtpStratum: {options.NtpStratum} is not in 1..15");
        }

        return new SntpServerSettings { Stratum = (byte)options.NtpStratum };
    }

    private static Chat.RateLimit.ChatRateLimiter CreateChatRateLimiter(IServiceProvider sp)
    {
        try
        {
            return new Chat.RateLimit.ChatRateLimiter(
                sp.GetRequiredService<ServerOptions>().ChatRateLimit, sp.GetRequiredService<ChatCounters>(), sp.GetRequiredService<ILogger<Chat.RateLimit.ChatRateLimiter>>());
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ServerConfigurationException($"{ex.ParamName}: {ex.ActualValue} is out of range", ex);
        }
    }

    private static SntpRateLimiter CreateRateLimiter(ServerOptions options)
    {
        try
        {
            return new SntpRateLimiter(options.NtpRateLimit);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ServerConfigurationException($"{ex.ParamName}: {ex.ActualValue} is out of range", ex);
        }
    }
}
