using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using UdpSuite.Client.Discovery;

namespace UdpSuite.Client.Diagnostics;

/// <summary>
/// What the doctor reads off this machine: who holds the server's ports (when the server is local), the interfaces and
/// their broadcast addresses (and who answers a probe there, when broadcasting is allowed), the firewall rules that
/// would drop the ports, and whether this clock is synchronised. Nothing is changed: files are read and listing
/// commands (<c>nft list ruleset</c>, <c>iptables -S</c>, <c>chronyc -n tracking</c>, <c>timedatectl show</c>) run.
/// </summary>
public sealed class LocalChecks(TimeSpan timeout)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    /// <summary>For a server on this machine: which process holds each UDP port.</summary>
    public static IReadOnlyList<DoctorFinding> Ports(IReadOnlyDictionary<string, IPEndPoint> listeners)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        if (!OperatingSystem.IsLinux())
        {
            return [new DoctorFinding(DoctorStatus.Warn, "ports", "not checked (reads /proc/net, Linux only)")];
        }

        IReadOnlyList<LocalSocket> udp = [.. ReadTable("udp", tcp: false), .. ReadTable("udp6", tcp: false)];
        Dictionary<long, string> owners = SocketOwners();
        var findings = new List<DoctorFinding>();
        foreach ((string name, IPEndPoint endpoint) in listeners)
        {
            string check = $"port {endpoint.Port}/udp ({name})";
            LocalSocket[] bound = [.. udp.Where(s => s.Port == endpoint.Port && s.Listening)];
            if (bound.Length == 0)
            {
                findings.Add(new DoctorFinding(DoctorStatus.Warn, check, "nothing on this machine holds it", "the server is not running here, or listens on another port"));
                continue;
            }

            string[] programs = [.. bound.Select(s => owners.GetValueOrDefault(s.Inode, "a process this user cannot see")).Distinct()];
            bool ours = programs.All(p => p.Contains("udpsuite", StringComparison.OrdinalIgnoreCase));
            findings.Add(ours
                ? new DoctorFinding(DoctorStatus.Ok, check, $"held by {string.Join(", ", programs)}")
                : new DoctorFinding(DoctorStatus.Warn, check, $"held by {string.Join(", ", programs)}", $"another program has the port: stop it or give the server another port (--{name}-port N)"));
        }

        return findings;
    }

    /// <summary>Each IPv4 interface that is up, with its broadcast address; with <paramref name="probe"/>, who answers a DISCOVER sent there.</summary>
    public async Task<IReadOnlyList<DoctorFinding>> InterfacesAsync(bool probe, int discoveryPort, CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding>();
        foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (UnicastIPAddressInformation address in nic.GetIPProperties().UnicastAddresses.Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork))
            {
                string check = $"interface {nic.Name}";
                if (IPAddress.IsLoopback(address.Address))
                {
                    findings.Add(new DoctorFinding(DoctorStatus.Ok, check, $"{address.Address}/{address.PrefixLength} (loopback: this machine only)"));
                    continue;
                }

                IPAddress broadcast = ServerFinder.DirectedBroadcast(address.Address, address.IPv4Mask);
                if (!probe)
                {
                    findings.Add(new DoctorFinding(DoctorStatus.Ok, check, $"{address.Address}/{address.PrefixLength}, broadcast {broadcast} (not probed: Discovery:Broadcast is false)"));
                    continue;
                }

                IReadOnlyList<DiscoveredServer> answers = await new DiscoveryClient(timeout).DiscoverAsync(new IPEndPoint(broadcast, discoveryPort), cancellationToken).ConfigureAwait(false);
                findings.Add(answers.Count > 0
                    ? new DoctorFinding(DoctorStatus.Ok, check, $"{address.Address}/{address.PrefixLength}, broadcast {broadcast}: {string.Join(", ", answers.Select(a => $"'{a.Name}' at {a.Address}"))} answered")
                    : new DoctorFinding(
                        DoctorStatus.Warn, check, $"{address.Address}/{address.PrefixLength}, broadcast {broadcast}: no server answered a probe on port {discoveryPort}",
                        "a server on this network runs without --discovery-port, a firewall drops broadcasts, or the server is on another subnet (give its address: Discovery:Hosts)"));
            }
        }

        return findings.Count > 0 ? findings : [new DoctorFinding(DoctorStatus.Fail, "interfaces", "no IPv4 interface is up")];
    }

    /// <summary>Rules of the local firewall that would drop or reject the server's ports (read-only listings).</summary>
    public static async Task<DoctorFinding> FirewallAsync(IReadOnlyCollection<int> ports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ports);
        foreach ((string program, string[] arguments) in new[] { ("nft", new[] { "list", "ruleset" }), ("iptables", new[] { "-S" }) })
        {
            (bool ran, string output) = await RunAsync(program, arguments, cancellationToken).ConfigureAwait(false);
            if (!ran)
            {
                continue;
            }

            IReadOnlyList<string> blocking = FirewallRules.FindBlocking(output, ports);
            return blocking.Count == 0
                ? new DoctorFinding(DoctorStatus.Ok, "firewall", $"{program}: no rule drops ports {string.Join(", ", ports.Order())}")
                : new DoctorFinding(
                    DoctorStatus.Warn, "firewall", $"{program}: {string.Join(" | ", blocking)}",
                    "these rules may drop the server's traffic (order, sets and jumps are not evaluated): allow the ports on the server, e.g. 'nft add rule inet filter input udp dport 8081 accept'");
        }

        return new DoctorFinding(DoctorStatus.Warn, "firewall", "could not list the rules ('nft list ruleset' and 'iptables -S' are missing or were refused; listing needs root)", "run the doctor as root where nft or iptables is installed");
    }

    /// <summary>Whether this machine's clock is synchronised (the time service serves it).</summary>
    public static async Task<DoctorFinding> ClockAsync(CancellationToken cancellationToken)
    {
        ClockSyncState? state = null;
        (bool ran, string output) = await RunAsync("chronyc", ["-n", "tracking"], cancellationToken).ConfigureAwait(false);
        if (ran)
        {
            state = ClockSyncState.FromChronyTracking(output);
        }

        if (state?.Synchronised is null)
        {
            (ran, output) = await RunAsync("timedatectl", ["show"], cancellationToken).ConfigureAwait(false);
            if (ran)
            {
                state = ClockSyncState.FromTimedatectl(output);
            }
        }

        const string Hint = "the time service serves this machine's clock: synchronise it (chrony or systemd-timesyncd)";
        return state switch
        {
            { Synchronised: true } => new DoctorFinding(DoctorStatus.Ok, "clock", $"{state.Source}: {state.Detail}"),
            { Synchronised: false } => new DoctorFinding(DoctorStatus.Warn, "clock", $"{state.Source}: not synchronised ({state.Detail})", Hint),
            _ => new DoctorFinding(DoctorStatus.Warn, "clock", "unknown: neither chronyd nor systemd-timedated answered", Hint),
        };
    }

    private static IReadOnlyList<LocalSocket> ReadTable(string name, bool tcp)
    {
        try
        {
            return ProcNetSockets.Parse(File.ReadAllText($"/proc/net/{name}"), tcp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Socket inode → "program (pid N)" for the processes this user may look into.</summary>
    private static Dictionary<long, string> SocketOwners()
    {
        var owners = new Dictionary<long, string>();
        foreach (string process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out int pid))
            {
                continue;
            }

            try
            {
                string name = ProgramName(process);
                foreach (string fd in Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")))
                {
                    string? target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && long.TryParse(target.AsSpan(8, target.Length - 9), out long inode))
                    {
                        owners[inode] = $"{name} (pid {pid})";
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A process that ended or is not ours to read.
            }
        }

        return owners;
    }

    /// <summary>The command line's program words (<c>dotnet udpsuite.dll</c> shows as such, so the server is recognised).</summary>
    private static string ProgramName(string process)
    {
        string[] words = File.ReadAllText(Path.Combine(process, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? File.ReadAllText(Path.Combine(process, "comm")).Trim() : string.Join(' ', words.Take(2).Select(Path.GetFileName));
    }

    /// <summary>Runs a listing command; (false, "") when it is missing, fails or hangs.</summary>
    private static async Task<(bool Ran, string Output)> RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process? process = null;
        try
        {
            process = Process.Start(start)!;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(CommandTimeout);
            Task<string> errors = process.StandardError.ReadToEndAsync(limit.Token);
            string output = await process.StandardOutput.ReadToEndAsync(limit.Token).ConfigureAwait(false);
            await errors.ConfigureAwait(false);
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            return (process.ExitCode == 0, output);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or OperationCanceledException or InvalidOperationException)
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true); // a listing that hangs is not left behind
            }

            return (false, string.Empty);
        }
        finally
        {
            process?.Dispose();
        }
    }
}
