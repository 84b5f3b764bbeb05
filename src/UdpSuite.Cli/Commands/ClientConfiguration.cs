using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using UdpSuite.Client.Security;
using UdpSuite.Protocol.Security;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// The chat client's configuration: <c>UDPSUITE_</c> environment variables over the optional per-user file
/// <c>$XDG_CONFIG_HOME/udpsuite/client.json</c> (<c>~/.config/udpsuite/client.json</c>, next to known_servers). One key
/// so far: <c>Chat:ServerKey</c> (<c>UDPSUITE_Chat__ServerKey</c>), the chat server's key fingerprint to expect when
/// neither <c>--server-key</c> nor (for <c>udpsuite chat</c>) the contacts.json server entry gives one. README,
/// "Chat client configuration".
/// </summary>
internal static class ClientConfiguration
{
    public const string FileName = "client.json";
    private const string ServerKeyName = "Chat:ServerKey";
    private const string DiscoveryHostsName = "Discovery:Hosts";
    private const string DiscoveryBroadcastName = "Discovery:Broadcast";

    /// <summary>
    /// Where the first-run screen sends the discovery probe: the broadcast address of each IPv4 interface that is up
    /// (unless <c>Discovery:Broadcast</c> is false) and each of <c>Discovery:Hosts</c> (comma-separated HOST[:PORT],
    /// port 8082 by default: servers beyond the broadcast's reach, or on this host). An unparsable entry is an
    /// <see cref="ArgumentException"/> naming it.
    /// </summary>
    public static IReadOnlyList<System.Net.IPEndPoint> DiscoveryTargets()
    {
        IConfigurationRoot configuration = Read();
        var targets = new List<System.Net.IPEndPoint>();
        if (BroadcastEnabled())
        {
            targets.AddRange(UdpSuite.Client.Discovery.ServerFinder.BroadcastTargets());
        }

        foreach (string entry in (configuration[DiscoveryHostsName] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!UdpSuite.Client.Transport.UdpServerAddress.TryParse(entry, UdpSuite.Protocol.Discovery.DiscoveryWire.DefaultPort, out string host, out int port, out string error))
            {
                throw new ArgumentException($"{DiscoveryHostsName}: '{entry}': {error}");
            }

            foreach (System.Net.IPAddress address in System.Net.IPAddress.TryParse(host, out System.Net.IPAddress? literal) ? [literal] : System.Net.Dns.GetHostAddresses(host))
            {
                targets.Add(new System.Net.IPEndPoint(address, port));
            }
        }

        return targets;
    }

    /// <summary>
    /// The configured fingerprint, or null. Throws <see cref="ArgumentException"/> naming the file or variable when
    /// client.json cannot be read or the value is not a fingerprint: a pin the user configured is never ignored.
    /// </summary>
    public static string? ServerKey()
    {
        IConfigurationRoot configuration = Read();
        string? value = configuration[ServerKeyName];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (!ServerKeyFingerprint.TryParse(value, out _))
        {
            string? file = FilePath();
            bool fromEnvironment = configuration.Providers.OfType<EnvironmentVariablesConfigurationProvider>().Any(p => p.TryGet(ServerKeyName, out _));
            string source = fromEnvironment ? "UDPSUITE_Chat__ServerKey" : $"Chat:ServerKey in {file}";
            throw new ArgumentException($"{source}: '{value}' is not a server key fingerprint (expected {ServerKeyFingerprint.Prefix} followed by 43 base64 characters, as 'udpsuite server key' prints it)");
        }

        return value;
    }

    /// <summary>The desktop-notification switch of the full-screen client (<c>Chat:Notify</c>), or null.</summary>
    public static string? Notify() => Read()["Chat:Notify"];

    /// <summary>False when <c>Discovery:Broadcast</c> says so (probes then go only to <c>Discovery:Hosts</c>).</summary>
    public static bool BroadcastEnabled() =>
        !string.Equals(Read()[DiscoveryBroadcastName]?.Trim(), "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where client.json is looked for (null without HOME and XDG_CONFIG_HOME).</summary>
    public static string? FilePath() =>
        KnownServersLocator.UserPath() is { } pins && Path.GetDirectoryName(pins) is { } directory ? Path.Combine(directory, FileName) : null;

    /// <summary>client.json under the UDPSUITE_ variables; a file that cannot be read is an <see cref="ArgumentException"/> naming it.</summary>
    public static IConfigurationRoot Read()
    {
        var builder = new ConfigurationBuilder();
        string? file = FilePath();
        if (file is not null)
        {
            builder.AddJsonFile(file, optional: true, reloadOnChange: false);
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = builder.AddEnvironmentVariables("UDPSUITE_").Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{file}: cannot read the client configuration ({(ex.InnerException ?? ex).Message}); fix or remove the file", ex);
        }

        return configuration;
    }
}
