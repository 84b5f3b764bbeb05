using System.CommandLine;
using System.Net;
using UdpSuite.Client.AddressBook;
using UdpSuite.Client.Diagnostics;
using UdpSuite.Client.Security;
using UdpSuite.Client.Transport;
using UdpSuite.Protocol.Discovery;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite doctor [--server HOST:PORT] [--discovery-port N] [--timeout MS]</c>: checks and explains why clients and
/// a server may not see each other, one line per finding (OK / WARN / FAIL, with a hint): the configuration in effect,
/// which of the server's listeners answer, the server key against the pin, who holds the ports (server on this machine),
/// each interface and its broadcast address, firewall rules that drop the ports, and this clock's synchronisation.
/// Read-only. Exit 0 when nothing failed, 1 otherwise, 2 for a bad option.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        Option<string> server = SharedOptions.Server(ChatOptions.DefaultServer);
        server.Description = $"The chat server to check, HOST:PORT (default {ChatOptions.DefaultServer}); its other listeners are found by discovery";
        var discoveryPort = new Option<int>("--discovery-port")
        {
            Description = $"The server's discovery port (default {DiscoveryWire.DefaultPort})",
            DefaultValueFactory = _ => DiscoveryWire.DefaultPort,
        };
        discoveryPort.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 65535)
            {
                result.AddError("--discovery-port must be 1-65535");
            }
        });
        Option<int> timeout = SharedOptions.Timeout();
        timeout.Description = "Milliseconds to wait for each answer (default 2000)";
        var command = new Command("doctor", "Check the configuration, the server's listeners, ports, interfaces, firewall and clock, and say what to fix.");
        command.Options.Add(server);
        command.Options.Add(discoveryPort);
        command.Options.Add(timeout);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(server) ?? ChatOptions.DefaultServer, parse.GetValue(discoveryPort), TimeSpan.FromMilliseconds(parse.GetValue(timeout)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string serverText, int discoveryPort, TimeSpan timeout, CancellationToken cancellationToken)
    {
        IPEndPoint chat;
        try
        {
            chat = await UdpServerAddress.ResolveAsync(serverText, 8081, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or System.Net.Sockets.SocketException)
        {
            await Console.Error.WriteLineAsync($"udpsuite doctor: --server: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var findings = new List<DoctorFinding>();
        void Report(IEnumerable<DoctorFinding> more)
        {
            foreach (DoctorFinding finding in more)
            {
                findings.Add(finding);
                Console.Out.WriteLine(finding);
            }
        }

        (IReadOnlyList<DoctorFinding> configuration, bool broadcast) = Configuration();
        Report(configuration);

        var listeners = new ListenerChecks(timeout, KnownServersLocator.UserPath());
        (IReadOnlyDictionary<DiscoveryEndpointKind, IPEndPoint> endpoints, DoctorFinding located) =
            await listeners.LocateAsync(chat, discoveryPort, cancellationToken).ConfigureAwait(false);
        Report([located]);
        Report(await listeners.CheckAsync(endpoints, serverText, cancellationToken).ConfigureAwait(false));

        var local = new LocalChecks(timeout);
        if (IsThisMachine(chat.Address))
        {
            Report(LocalChecks.Ports(endpoints.ToDictionary(e => ListenerChecks.Name(e.Key), e => e.Value)));
        }

        Report(await local.InterfacesAsync(broadcast, discoveryPort, cancellationToken).ConfigureAwait(false));
        Report([await LocalChecks.FirewallAsync([.. endpoints.Values.Select(e => e.Port), discoveryPort], cancellationToken).ConfigureAwait(false)]);
        Report([await LocalChecks.ClockAsync(cancellationToken).ConfigureAwait(false)]);

        int failed = findings.Count(f => f.Status == DoctorStatus.Fail);
        int warned = findings.Count(f => f.Status == DoctorStatus.Warn);
        Console.Out.WriteLine($"{findings.Count - failed - warned} ok, {warned} warning(s), {failed} failure(s)");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Error;
    }

    /// <summary>The configuration sources in effect: client.json, contacts.json, known_servers and the UDPSUITE_ variables (names only).</summary>
    private static (IReadOnlyList<DoctorFinding> Findings, bool Broadcast) Configuration()
    {
        var findings = new List<DoctorFinding>();
        bool broadcast = true;
        string? clientFile = ClientConfiguration.FilePath();
        try
        {
            broadcast = ClientConfiguration.BroadcastEnabled();
            findings.Add(new DoctorFinding(DoctorStatus.Ok, "client.json", clientFile is null ? "no HOME or XDG_CONFIG_HOME: none" : File.Exists(clientFile) ? $"{clientFile} (read)" : $"{clientFile} (absent: defaults)"));
        }
        catch (ArgumentException ex)
        {
            findings.Add(new DoctorFinding(DoctorStatus.Fail, "client.json", ex.Message, "fix the JSON or remove the file"));
        }

        string? book = AddressBookLocator.UserPath(Environment.GetEnvironmentVariable);
        if (book is not null && File.Exists(book))
        {
            using LiveAddressBook opened = LiveAddressBook.Open(book, watch: false);
            findings.Add(opened.Error is null
                ? new DoctorFinding(DoctorStatus.Ok, "contacts.json", $"{book}: {opened.Current.Contacts.Count} contact(s)")
                : new DoctorFinding(DoctorStatus.Fail, "contacts.json", opened.Error, "fix the file it names (udpsuite chat shows the same error)"));
        }
        else
        {
            findings.Add(new DoctorFinding(DoctorStatus.Ok, "contacts.json", $"{book ?? "no HOME"} (absent: udpsuite chat starts with its first-run screens)"));
        }

        string[] variables = [.. Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("UDPSUITE_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        findings.Add(new DoctorFinding(DoctorStatus.Ok, "environment", variables.Length == 0 ? "no UDPSUITE_ variables" : $"set (values not shown): {string.Join(", ", variables)}"));
        findings.Add(new DoctorFinding(DoctorStatus.Ok, "discovery", broadcast ? "broadcast probes on (Discovery:Broadcast)" : "broadcast probes off (Discovery:Broadcast=false)"));
        return (findings, broadcast);
    }

    private static bool IsThisMachine(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Any(a => a.Address.Equals(address));
    }
}
