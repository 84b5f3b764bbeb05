using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite server</c>: runs every listener under the generic host. Each option overrides one configuration key
/// (command line over <c>UDPSUITE_</c> environment over appsettings.json). Exit 0 after a graceful stop
/// (SIGTERM/Ctrl+C), 1 when a listener cannot bind or the chat store cannot be opened, 2 for invalid configuration.
/// <c>--print-config</c> prints every option's effective value and its source, then exits 0 without binding a socket.
/// </summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var mappings = new (Option<string> Option, string Key)[]
        {
            (PortOption("--time-port", "time-text", "9000"), "Server:TimePort"),
            (PortOption("--ntp-port", "SNTP", "1123"), "Server:NtpPort"),
            (PortOption("--rfc868-port", "RFC 868 Time", "1037"), "Server:Rfc868Port"),
            (PortOption("--daytime-port", "RFC 867 Daytime", "1013"), "Server:DaytimePort"),
            (PortOption("--chat-port", "chat relay", "8081"), "Server:ChatPort"),
            (PortOption("--discovery-port", "LAN discovery", "8082"), "Server:DiscoveryPort"),
            (new Option<string>("--metrics-port") { Description = "TCP port of the Prometheus metrics endpoint http://127.0.0.1:PORT/metrics: N, 0 (ephemeral) or off (default off)" }, "Server:MetricsPort"),
            (new Option<string>("--data-dir") { Description = "Directory of the chat store chat.db (default: udpsuite under the user's local data directory)" }, "Server:DataDirectory"),
            (new Option<string>("--server-name") { Description = "Name the chat and discovery listeners report to probes (default: the host name)" }, "Server:ServerName"),
            (new Option<string>("--bind") { Description = "Address to bind every listener (default 0.0.0.0; :: for IPv6 and IPv4)" }, "Server:Bind"),
            (new Option<string>("--zone") { Description = "Server's default IANA time zone (default: the host's)" }, "Server:Zone"),
            (new Option<string>("--loops") { Description = "Receive loops per listener (default 1)" }, "Server:LoopsPerListener"),
        };

        var printConfig = new Option<bool>("--print-config")
        {
            Description = "Print every server option's effective value and where it came from (default, appsettings.json, environment, command line), then exit without binding",
        };
        var command = new Command("server", "Run the time-text, SNTP, RFC 868, RFC 867, chat and discovery listeners.");
        foreach ((Option<string> option, _) in mappings)
        {
            command.Options.Add(option);
        }

        command.Options.Add(printConfig);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, mappings, parse.GetValue(printConfig), cancellationToken));
        return command;
    }

    private static Option<string> PortOption(string name, string listener, string defaultPort) => new(name)
    {
        Description = $"UDP port of the {listener} listener: N, 0 (ephemeral) or off (default {defaultPort})",
    };

    private static async Task<int> RunAsync(ParseResult parse, (Option<string> Option, string Key)[] mappings, bool printConfig, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach ((Option<string> option, string key) in mappings)
        {
            string? value = parse.GetValue(option);
            if (value is not null)
            {
                overrides[key] = value;
            }
        }

        HostApplicationBuilder builder = ServerHostBuilder.Create(overrides);
        builder.Services.AddSystemd();
        using IHost host = builder.Build();
        if (ServerConfigurationCheck.FindError(host.Services) is { } error)
        {
            await Console.Error.WriteLineAsync($"udpsuite server: invalid configuration: {error}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (printConfig)
        {
            foreach (string line in ServerConfigurationReport.Lines(host.Services, builder.Configuration))
            {
                await Console.Out.WriteLineAsync(line).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }

        try
        {
            // Bind before the host starts so a port in use is one clear line, not a host start-up failure with a stack trace.
            host.Services.GetRequiredService<ListenerSet>().Bind();
        }
        catch (ChatStoreException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite server: cannot start the chat listener: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (ListenerBindException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite server: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }

        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
