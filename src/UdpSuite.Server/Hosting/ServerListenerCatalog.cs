using Microsoft.Extensions.DependencyInjection;
using UdpSuite.Server.Handlers;

namespace UdpSuite.Server.Hosting;

/// <summary>
/// THE place where listeners are registered: one line per listener, in start-up print order. Adding a listener is one
/// line here plus registering its handler in <see cref="ServerServiceCollectionExtensions.AddUdpSuiteServer"/>.
/// </summary>
public static class ServerListenerCatalog
{
    /// <summary>Every listener the server knows, enabled or not, with its configured port.</summary>
    public static IReadOnlyList<ListenerDefinition> Describe(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            new(ListenerNames.TimeText, nameof(ServerOptions.TimePort), options.TimePort, sp => sp.GetRequiredService<TimeTextHandler>()),
            new(ListenerNames.Sntp, nameof(ServerOptions.NtpPort), options.NtpPort, sp => sp.GetRequiredService<SntpHandler>()),
            new(ListenerNames.Rfc868, nameof(ServerOptions.Rfc868Port), options.Rfc868Port, sp => sp.GetRequiredService<Rfc868Handler>(), AlsoTcp: true),
            new(ListenerNames.Daytime, nameof(ServerOptions.DaytimePort), options.DaytimePort, sp => sp.GetRequiredService<DaytimeHandler>(), AlsoTcp: true),
            new(ListenerNames.Chat, nameof(ServerOptions.ChatPort), options.ChatPort, sp => sp.GetRequiredService<Chat.ChatHandler>()),
            new(ListenerNames.Discovery, nameof(ServerOptions.DiscoveryPort), options.DiscoveryPort, sp => sp.GetRequiredService<Discovery.DiscoveryHandler>()),
        ];
    }
}
