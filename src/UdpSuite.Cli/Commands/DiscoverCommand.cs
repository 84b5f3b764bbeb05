using System.CommandLine;
using System.Globalization;
using System.Net;
using UdpSuite.Client.Discovery;
using UdpSuite.Protocol.Discovery;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite discover [--address ADDR] [--port N] [--timeout MS] [--json]</c>: sends a DISCOVER (by default to the
/// broadcast address 255.255.255.255, port 8082), waits until the timeout and prints one line per server that answered
/// (or one JSON object per line), with the fingerprint of the key the server announced. Exit 0 when at least one
/// answered, 1 when none did, 2 for a bad option.
/// </summary>
internal static class DiscoverCommand
{

    public static Command Create()
    {
        var address = new Option<string>("--address", "-a")
        {
            Description = "Where to send the probe: a broadcast address (e.g. 192.168.1.255), one server's address, or 255.255.255.255 (default)",
            DefaultValueFactory = _ => IPAddress.Broadcast.ToString(),
        };
        var port = new Option<int>("--port", "-p")
        {
            Description = $"Discovery port of the servers (default {DiscoveryWire.DefaultPort})",
            DefaultValueFactory = _ => DiscoveryWire.DefaultPort,
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 65535)
            {
                result.AddError("--port must be 1-65535");
            }
        });
        Option<int> timeout = SharedOptions.Timeout();
        timeout.Description = "Milliseconds to collect answers (default 2000)";
        var json = new Option<bool>("--json") { Description = "Print one JSON object per server" };
        var command = new Command("discover", "Find UdpSuite servers on the LAN (broadcast probe on the discovery port).");
        command.Options.Add(address);
        command.Options.Add(port);
        command.Options.Add(timeout);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(address)!, parse.GetValue(port), parse.GetValue(timeout), parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string addressText, int port, int timeoutMs, bool asJson, CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(addressText.Trim(), out IPAddress? address))
        {
            await Console.Error.WriteLineAsync($"udpsuite discover: --address: '{addressText}' is not an IP address").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        IReadOnlyList<DiscoveredServer> servers = await new DiscoveryClient(TimeSpan.FromMilliseconds(timeoutMs))
            .DiscoverAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
        foreach (DiscoveredServer server in servers)
        {
            await Console.Out.WriteLineAsync(asJson ? ToJson(server) : ToText(server)).ConfigureAwait(false);
        }

        if (servers.Count == 0)
        {
            await Console.Error.WriteLineAsync($"udpsuite discover: no server answered at {address}:{port} within {timeoutMs} ms").ConfigureAwait(false);
            return ExitCodes.Error;
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// <c>NAME ADDRESS chat=ADDR:PORT time-text=... sntp=... rfc868=... daytime=... key=SHA256:... rtt=N.Nms</c>. The key
    /// is what the unauthenticated answer claims: compare it with the fingerprint the operator gave you
    /// (<c>udpsuite server key</c> on the server); the chat client pins the key the handshake proves.
    /// </summary>
    internal static string ToText(DiscoveredServer server)
    {
        var line = new System.Text.StringBuilder();
        line.Append(TerminalText.Neutralise(server.Name)).Append(' ').Append(server.Address);
        foreach ((DiscoveryEndpointKind kind, IPEndPoint endpoint) in server.Endpoints)
        {
            line.Append(' ').Append(KindName(kind)).Append('=').Append(endpoint);
        }

        line.Append(" key=").Append(server.ServerKeyFingerprint);
        line.Append(CultureInfo.InvariantCulture, $" rtt={server.RoundTrip.TotalMilliseconds:0.0}ms");
        return line.ToString();
    }

    /// <summary>One line of JSON: name, address, responder, serverKey ("SHA256:..."), roundTripMs, endpoints { kind: "ADDR:PORT" }.</summary>
    internal static string ToJson(DiscoveredServer server)
    {
        return JsonLine.Write(writer =>
        {
            writer.WriteString("name", server.Name);
            writer.WriteString("address", server.Address.ToString());
            writer.WriteString("responder", server.Responder.ToString());
            writer.WriteString("serverKey", server.ServerKeyFingerprint.ToString());
            writer.WriteNumber("roundTripMs", Math.Round(server.RoundTrip.TotalMilliseconds, 3));
            writer.WriteStartObject("endpoints");
            foreach ((DiscoveryEndpointKind kind, IPEndPoint endpoint) in server.Endpoints)
            {
                writer.WriteString(KindName(kind), endpoint.ToString());
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>The listener names the server prints at start-up.</summary>
    private static string KindName(DiscoveryEndpointKind kind) => kind switch
    {
        DiscoveryEndpointKind.Chat => "chat",
        DiscoveryEndpointKind.TimeText => "time-text",
        DiscoveryEndpointKind.Sntp => "sntp",
        DiscoveryEndpointKind.Rfc868 => "rfc868",
        DiscoveryEndpointKind.Daytime => "daytime",
        _ => ((byte)kind).ToString(CultureInfo.InvariantCulture),
    };
}
