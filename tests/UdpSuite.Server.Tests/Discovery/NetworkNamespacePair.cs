using System.Diagnostics;
using System.Security.Cryptography;

namespace UdpSuite.Server.Tests.Discovery;

/// <summary>
/// Two network namespaces this test run creates itself, joined by a veth pair on a /24 of 10.200.0.0/16
/// (<c>10.200.N.1</c> in <see cref="First"/>, <c>10.200.N.2</c> in <see cref="Second"/>), with unique names per run.
/// Nothing in them can reach the host's LAN. Disposing deletes both namespaces (and with them the veth pair).
/// </summary>
internal sealed class NetworkNamespacePair : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    private NetworkNamespacePair(string tag, int subnet)
    {
        First = $"udps-{tag}-a";
        Second = $"udps-{tag}-b";
        FirstVeth = $"uv{tag}a";
        SecondVeth = $"uv{tag}b";
        Subnet = subnet;
    }

    public string First { get; }

    public string Second { get; }

    public string FirstVeth { get; }

    public string SecondVeth { get; }

    public int Subnet { get; }

    public string FirstAddress => $"10.200.{Subnet}.1";

    public string SecondAddress => $"10.200.{Subnet}.2";

    public string BroadcastAddress => $"10.200.{Subnet}.255";

    /// <summary>Null when namespaces can be created here; otherwise why not (for the skip message).</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>Creates the pair; on any failure removes what it made and throws.</summary>
    public static NetworkNamespacePair Create()
    {
        string tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)); // "uv" + 8 + "a" fits IFNAMSIZ
        var pair = new NetworkNamespacePair(tag, RandomNumberGenerator.GetInt32(1, 255));
        try
        {
            Ip("netns", "add", pair.First);
            Ip("netns", "add", pair.Second);
            Ip("link", "add", pair.FirstVeth, "type", "veth", "peer", "name", pair.SecondVeth);
            Ip("link", "set", pair.FirstVeth, "netns", pair.First);
            Ip("link", "set", pair.SecondVeth, "netns", pair.Second);
            foreach ((string ns, string veth, string address) in new[] { (pair.First, pair.FirstVeth, pair.FirstAddress), (pair.Second, pair.SecondVeth, pair.SecondAddress) })
            {
                Ip("-n", ns, "addr", "add", $"{address}/24", "broadcast", "+", "dev", veth);
                Ip("-n", ns, "link", "set", veth, "up");
                Ip("-n", ns, "link", "set", "lo", "up");
            }
        }
        catch
        {
            pair.Dispose();
            throw;
        }

        return pair;
    }

    /// <summary><c>ip netns exec NAMESPACE program arguments...</c> as a start info (exec replaces ip, so the process is the program).</summary>
    public static ProcessStartInfo Exec(string ns, string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("ip") { WorkingDirectory = AppContext.BaseDirectory };
        foreach (string argument in (string[])["netns", "exec", ns, program, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (string key in info.Environment.Keys.Where(k => k.StartsWith("UDPSUITE_", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            info.Environment.Remove(key);
        }

        return info;
    }

    public void Dispose()
    {
        // Deleting a namespace removes its end of the veth pair, and with it the other end.
        TryIp("netns", "del", First);
        TryIp("netns", "del", Second);
        TryIp("link", "del", FirstVeth); // only if it never moved into its namespace
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "creating network namespaces needs root (run the tests as root, as CI does)";
        }

        string name = $"udps-probe-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        try
        {
            Ip("netns", "add", name);
            Ip("netns", "del", name);
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            TryIp("netns", "del", name);
            return $"'ip netns add' failed here ({ex.Message.Trim()}); install iproute2 and run with CAP_SYS_ADMIN";
        }
    }

    private static void Ip(params string[] arguments)
    {
        (int exitCode, string stderr) = Run(arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)}: exit {exitCode}: {stderr}");
        }
    }

    private static void TryIp(params string[] arguments)
    {
        try
        {
            Run(arguments);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Best effort during clean-up.
        }
    }

    private static (int ExitCode, string StandardError) Run(string[] arguments)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException("could not start ip");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            process.Kill();
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} did not finish within 20 s");
        }

        return (process.ExitCode, stderr.Result);
    }
}

/// <summary>A fact that is skipped, with the reason, where this machine cannot create network namespaces.</summary>
internal sealed class NetworkNamespaceFactAttribute : FactAttribute
{
    public NetworkNamespaceFactAttribute()
    {
        if (NetworkNamespacePair.WhyUnavailable is { } reason)
        {
            Skip = $"skipped: {reason}";
        }
    }
}
