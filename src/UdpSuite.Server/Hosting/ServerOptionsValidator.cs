using System.Net;
using Microsoft.Extensions.Options;
using NodaTime;

namespace UdpSuite.Server.Hosting;

/// <summary>Checks <see cref="ServerOptions"/> (section <c>Server</c>): ports, bind address, zone, loops, buffer and cache sizes.</summary>
public sealed class ServerOptionsValidator(IDateTimeZoneProvider zones) : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ConfigurationFailures(ConfigurationSections.Server);
        foreach (ListenerDefinition listener in ServerListenerCatalog.Describe(options))
        {
            if (!ListenerPort.TryParse(listener.PortText, out _))
            {
                failures.Add(listener.PortKey, $"must be {ListenerPort.Expected}", listener.PortText);
            }
        }

        if (!ListenerPort.TryParse(options.MetricsPort, out _))
        {
            failures.Add(nameof(options.MetricsPort), $"must be {ListenerPort.Expected}", options.MetricsPort);
        }

        if (!IPAddress.TryParse((options.MetricsBind ?? string.Empty).Trim(), out _))
        {
            failures.Add(nameof(options.MetricsBind), "must be an IP address (e.g. 127.0.0.1)", options.MetricsBind);
        }

        if (!IPAddress.TryParse((options.Bind ?? string.Empty).Trim(), out _))
        {
            failures.Add(nameof(options.Bind), "must be an IP address (e.g. 0.0.0.0, 127.0.0.1, ::)", options.Bind);
        }

        if (!string.IsNullOrWhiteSpace(options.Zone) && zones.GetZoneOrNull(options.Zone.Trim()) is null)
        {
            failures.Add(nameof(options.Zone), "must be an IANA time zone id such as Europe/London, or empty for the host's zone", options.Zone);
        }

        failures.AtLeast(nameof(options.FormatCacheSize), options.FormatCacheSize, 1);
        failures.Between(nameof(options.LoopsPerListener), options.LoopsPerListener, 1, ServerOptions.MaxLoopsPerListener);
        failures.AtLeast(nameof(options.SocketReceiveBufferBytes), options.SocketReceiveBufferBytes, 0);
        failures.Between(nameof(options.TcpConnectionLimit), options.TcpConnectionLimit, 0, ServerOptions.MaxTcpConnectionLimit);
        failures.Duration(nameof(options.TcpTimeout), options.TcpTimeout);
        return failures.Result();
    }
}
