using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.RateLimit;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Discovery;
using UdpSuite.Server.Handlers;
using UdpSuite.Server.Transport;
using UdpSuite.Time.Strftime;

namespace UdpSuite.Server.Hosting;

/// <summary>Registers the UDP server: options, clock, zones, handlers, metrics, listeners and the hosted service.</summary>
public static class ServerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the server. Every options class is bound from its section of <paramref name="configuration"/> and checked by
    /// its <see cref="IValidateOptions{TOptions}"/> at host start (<see cref="ServerConfigurationCheck"/> runs the same
    /// checks earlier); components receive the validated values. <see cref="IClock"/> and <see cref="IDateTimeZoneProvider"/>
    /// are only added when absent, so tests (FakeClock) and the host-zoneinfo provider can be registered first and win.
    /// </summary>
    public static IServiceCollection AddUdpSuiteServer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddBoundOptions<ServerOptions, ServerOptionsValidator>(configuration, ConfigurationSections.Server);
        services.AddBoundOptions<SntpServerSettings, SntpServerSettingsValidator>(configuration, ConfigurationSections.Ntp);
        services.AddBoundOptions<SntpRateLimitOptions, SntpRateLimitOptionsValidator>(configuration, ConfigurationSections.NtpRateLimit);
        services.AddBoundOptions<TimeRateLimitOptions, TimeRateLimitOptionsValidator>(configuration, ConfigurationSections.TimeRateLimit);
        services.AddBoundOptions<ChatRateLimitOptions, ChatRateLimitOptionsValidator>(configuration, ConfigurationSections.ChatRateLimit);
        services.AddBoundOptions<ChatRelayLimits, ChatRelayLimitsValidator>(configuration, ConfigurationSections.Chat);
        services.AddBoundOptions<PresenceLimits, PresenceLimitsValidator>(configuration, ConfigurationSections.Chat);

        services.TryAddSingleton<IClock>(SystemClock.Instance);
        // The zone source: the host's /usr/share/zoneinfo, so the server says what `date` on the host says;
        // NodaTime's embedded tzdb only where the host has no zoneinfo.
        services.TryAddSingleton(_ => TimeZones.TimeZoneProviders.CreateDefault());
        services.AddSingleton(sp => ServerZoneResolver.Resolve(sp.GetRequiredService<IDateTimeZoneProvider>(), sp.GetRequiredService<ServerOptions>().Zone));
        services.AddSingleton(sp => ServerName.From(sp.GetRequiredService<ServerOptions>()));

        services.AddSingleton<ISntpRateLimiter, SntpRateLimiter>();
        services.AddSingleton<TimeRateLimiter>();
        services.AddSingleton<SntpResponder>();
        services.AddSingleton<ZoneLookup>();
        services.AddSingleton(sp => new StrftimeFormatCache(sp.GetRequiredService<ServerOptions>().FormatCacheSize));
        services.AddSingleton<TimeTextHandler>();
        services.AddSingleton<SntpHandler>();
        services.AddSingleton<Rfc868Handler>();
        services.AddSingleton<DaytimeHandler>();

        services.TryAddSingleton<ChatCounters>();
        services.TryAddSingleton(sp =>
        {
            ServerDataDirectory directory = ServerDataDirectory.Resolve(sp.GetRequiredService<ServerOptions>().DataDirectory);
            if (directory.LegacyNote is { } note)
            {
                sp.GetRequiredService<ILogger<ServerDataDirectory>>().LegacyDataDirectory(note);
            }

            return directory;
        });
        services.TryAddSingleton<IChatStore>(sp =>
        {
            SqliteChatStore store = SqliteChatStore.Open(sp.GetRequiredService<ServerDataDirectory>().Path);
            sp.GetRequiredService<ILogger<SqliteChatStore>>().ChatStoreOpened(store.Path);
            return store;
        });
        // The chat server's long-term X25519 key (server.key in the data dir, created on first start): the v2 channel
        // proves it in every handshake and discovery replies carry its public half.
        services.TryAddSingleton(sp => Security.ServerIdentityStore.LoadOrCreate(sp.GetRequiredService<ServerDataDirectory>().Path));
        services.AddSingleton<ChatRateLimiter>();
        services.AddSingleton<ChatHandler>(); // IPresenceAudience, when registered, replaces contacts and group co-members
        // The answer names the ports as bound; it is built at the first probe, when ListenerSet.Bind has long returned.
        services.AddSingleton(sp => new DiscoveryHandler(() => DiscoveryAnnouncement.From(
            DiscoveryAnnouncement.ServerName(sp.GetRequiredService<ServerOptions>()), sp.GetRequiredService<ListenerSet>().Bind(),
            sp.GetRequiredService<Security.ServerIdentity>().KeyPair.PublicKey)));

        services.AddMetrics();
        services.TryAddSingleton(sp => new ServerMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<ListenerSet>();
        services.AddHostedService<UdpListenerService>();
        services.AddHostedService<MetricsEndpointService>();
        return services;
    }

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="section"/>, validates it with <typeparamref name="TValidator"/>
    /// (at host start, or when first read), registers the validated value itself for constructors to take, and records
    /// the binding for <see cref="ServerConfigurationReport"/>.
    /// </summary>
    private static void AddBoundOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<TOptions>>().Value);
        services.AddSingleton(new BoundOptions(section, typeof(TOptions), sp => sp.GetRequiredService<IOptions<TOptions>>().Value));
    }
}
