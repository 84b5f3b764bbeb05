using System.Net;
using UdpSuite.Client.Chat;
using UdpSuite.Client.Daytime;
using UdpSuite.Client.Discovery;
using UdpSuite.Client.Rfc868;
using UdpSuite.Client.Security;
using UdpSuite.Client.Sntp;
using UdpSuite.Client.TimeText;
using UdpSuite.Client.Transport;
using UdpSuite.Protocol.Discovery;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Client.Diagnostics;

/// <summary>
/// Asks every listener of one server whether it answers: first a unicast DISCOVER (which names every listener's port),
/// else the default ports; then one real request per listener, and the chat server's key against the pin.
/// </summary>
public sealed class ListenerChecks(TimeSpan timeout, string? knownServersPath)
{
    /// <summary>Default ports of the listeners (README, "Listeners and ports"), used when discovery does not answer.</summary>
    public static readonly IReadOnlyDictionary<DiscoveryEndpointKind, int> DefaultPorts = new Dictionary<DiscoveryEndpointKind, int>
    {
        [DiscoveryEndpointKind.TimeText] = 9000,
        [DiscoveryEndpointKind.Sntp] = 1123,
        [DiscoveryEndpointKind.Rfc868] = 1037,
        [DiscoveryEndpointKind.Daytime] = 1013,
    };

    private const string NotAnswering = "is the server running there (udpsuite server), is the port right, and does a firewall (see below) let it through?";

    /// <summary>The endpoints to check: what the server's discovery answer names, else the defaults beside <paramref name="chat"/>.</summary>
    public async Task<(IReadOnlyDictionary<DiscoveryEndpointKind, IPEndPoint> Endpoints, DoctorFinding Finding)> LocateAsync(
        IPEndPoint chat, int discoveryPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var target = new IPEndPoint(chat.Address, discoveryPort);
        IReadOnlyList<DiscoveredServer> answers = await new DiscoveryClient(timeout).DiscoverAsync(target, cancellationToken).ConfigureAwait(false);
        if (answers.Count > 0)
        {
            DiscoveredServer server = answers[0];
            var endpoints = new Dictionary<DiscoveryEndpointKind, IPEndPoint>(server.Endpoints)
            {
                [DiscoveryEndpointKind.Chat] = chat, // the address the user gave is the one to check
            };
            string named = string.Join(", ", server.Endpoints.Select(e => $"{Name(e.Key)} {e.Value.Port}"));
            return server.Chat is { } announced && !announced.Equals(chat)
                ? (endpoints, new DoctorFinding(
                    DoctorStatus.Warn, $"discovery {target}", $"'{server.Name}' answered in {Ms(server.RoundTrip)}; it names {named}, not chat {chat.Port}",
                    $"clients configured with {chat} may be pointed at the wrong port: the server's chat listener is {announced}"))
                : (endpoints, new DoctorFinding(DoctorStatus.Ok, $"discovery {target}", $"'{server.Name}' answered in {Ms(server.RoundTrip)}; it names {named}"));
        }

        var defaults = DefaultPorts.ToDictionary(p => p.Key, p => new IPEndPoint(chat.Address, p.Value));
        defaults[DiscoveryEndpointKind.Chat] = chat;
        return (defaults, new DoctorFinding(
            DoctorStatus.Warn, $"discovery {target}", "no answer: checking the default ports",
            "clients on the LAN find this server only by address; start it with --discovery-port (default 8082) or give --discovery-port here"));
    }

    /// <summary>One request per listener; the chat listener also gets its key compared with the pin for <paramref name="chatAddress"/>.</summary>
    public async Task<IReadOnlyList<DoctorFinding>> CheckAsync(
        IReadOnlyDictionary<DiscoveryEndpointKind, IPEndPoint> endpoints, string chatAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var findings = new List<DoctorFinding>();
        foreach ((DiscoveryEndpointKind kind, IPEndPoint endpoint) in endpoints.OrderBy(e => e.Key))
        {
            string check = $"{Name(kind)} {endpoint}";
            try
            {
                findings.AddRange(await AskAsync(kind, endpoint, check, chatAddress, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is UdpRequestException or ChatException or TimeoutException or System.Net.Sockets.SocketException or TimeTextErrorException)
            {
                findings.Add(new DoctorFinding(DoctorStatus.Fail, check, $"no answer ({ex.Message})", NotAnswering));
            }
        }

        return findings;
    }

    private async Task<IReadOnlyList<DoctorFinding>> AskAsync(DiscoveryEndpointKind kind, IPEndPoint endpoint, string check, string chatAddress, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case DiscoveryEndpointKind.TimeText:
                TimeTextResult text = await new TimeTextClient(timeout).QueryAsync(endpoint, "%Y-%m-%d %H:%M:%S %Z", cancellationToken: cancellationToken).ConfigureAwait(false);
                return [new DoctorFinding(DoctorStatus.Ok, check, $"'{text.Text.Trim()}' in {Ms(text.RoundTrip)}")];
            case DiscoveryEndpointKind.Sntp:
                SntpQueryResult sntp = await new SntpClient().QueryAsync(endpoint, timeout, cancellationToken).ConfigureAwait(false);
                return [new DoctorFinding(DoctorStatus.Ok, check, $"stratum {sntp.Stratum}, offset {sntp.Offset.TotalMilliseconds:0.###} ms, delay {sntp.Delay.TotalMilliseconds:0.###} ms")];
            case DiscoveryEndpointKind.Rfc868:
                (_, TimeSpan rfc868) = await new Rfc868Client().QueryAsync(endpoint, timeout, cancellationToken).ConfigureAwait(false);
                return [new DoctorFinding(DoctorStatus.Ok, check, $"answered in {Ms(rfc868)}")];
            case DiscoveryEndpointKind.Daytime:
                (string daytime, TimeSpan rtt) = await DaytimeClient.QueryAsync(endpoint, timeout, cancellationToken).ConfigureAwait(false);
                return [new DoctorFinding(DoctorStatus.Ok, check, $"'{daytime.Trim()}' in {Ms(rtt)}")];
            case DiscoveryEndpointKind.Chat:
                await using (var client = new ChatClient(endpoint, new ChatClientOptions { HandshakeTimeout = timeout, KnownServersPath = knownServersPath }))
                {
                    ProbeAnswer probe = await client.ProbeAsync(cancellationToken).ConfigureAwait(false);
                    return [new DoctorFinding(DoctorStatus.Ok, check, $"'{probe.ServerName}' answered the probe"), KeyFinding(probe, chatAddress)];
                }

            default:
                return [new DoctorFinding(DoctorStatus.Warn, check, "a listener this version does not know how to ask")];
        }
    }

    /// <summary>The announced key against the pin: matching, not pinned yet, or different (a login would refuse it).</summary>
    private DoctorFinding KeyFinding(ProbeAnswer probe, string chatAddress)
    {
        const string Check = "server key";
        if (knownServersPath is null)
        {
            return new DoctorFinding(DoctorStatus.Warn, Check, $"{probe.Fingerprint}; no known_servers file (no HOME or XDG_CONFIG_HOME)");
        }

        // Read-only: Lookup, never Verify (which pins a new key).
        IReadOnlyList<PinnedServerKey> pins;
        try
        {
            pins = new KnownServers(knownServersPath).Lookup(chatAddress);
        }
        catch (Exception ex) when (ex is KnownServersException or ArgumentException or IOException)
        {
            return new DoctorFinding(DoctorStatus.Fail, Check, ex.Message, $"fix or remove the line it names in {knownServersPath}");
        }

        if (pins.Count == 0)
        {
            return new DoctorFinding(DoctorStatus.Ok, Check, $"{probe.Fingerprint}, not pinned yet for {chatAddress}: the first login pins it (compare with 'udpsuite server key' on the server)");
        }

        if (pins.FirstOrDefault(p => p.Fingerprint.Equals(probe.Fingerprint)) is { } pin)
        {
            return new DoctorFinding(DoctorStatus.Ok, Check, $"{probe.Fingerprint} matches the pin for {chatAddress} ({knownServersPath} line {pin.LineNumber})");
        }

        return new DoctorFinding(
            DoctorStatus.Fail, Check, $"the server announces {probe.Fingerprint}, not the pin for {chatAddress} ({knownServersPath} line {pins[0].LineNumber}: {pins[0].Fingerprint})",
            "if the server's key really changed (ask its operator for 'udpsuite server key'), remove that line; otherwise something else answers at this address");
    }

    /// <summary>The listener's name as the server prints it.</summary>
    public static string Name(DiscoveryEndpointKind kind) => kind switch
    {
        DiscoveryEndpointKind.TimeText => "time-text",
        DiscoveryEndpointKind.Sntp => "sntp",
        DiscoveryEndpointKind.Rfc868 => "rfc868",
        DiscoveryEndpointKind.Daytime => "daytime",
        DiscoveryEndpointKind.Chat => "chat",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:0.#} ms";
}
