using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using UdpSuite.Client.Security;
using UdpSuite.Protocol.Security;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// The chat client's configuration: <c>UDPSUITE_</c> environment variables over the optional per-user file
/// <c>$XDG_CONFIG_HOME/udpsuite/client.json</c> (<c>~/.config/udpsuite/client.json</c>, next to known_servers). The chat
/// key: <c>Chat:ServerKey</c> (<c>UDPSUITE_Chat__ServerKey</c>), the chat server's key fingerprint to expect when
/// neither <c>--server-key</c> nor (for <c>udpsuite chat</c>) the contacts.json server entry gives one. README,
/// "Chat client configuration". Also the discovery targets (<c>Discovery:*</c>) and the IP Messenger peer's settings
/// (<c>Client:Lan:*</c>, <see cref="LanOptions"/>).
/// </summary>
internal static class ClientConfiguration
{
    public const string FileName = "client.json";
    private const string ServerKeyName = "Chat:ServerKey";
    private const string DiscoveryHostsName = "Discovery:Hosts";
    private const string DiscoveryBroadcastName = "Discovery:Broadcast";
    private const string LanSectionName = "Client:Lan";

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
        if (BroadcastEnabled(configuration))
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
    /// The IP Messenger peer's settings (docs/PROTOCOL.md, "LAN chat (IP Messenger)") from the <c>Client:Lan</c> keys:
    /// <c>Port</c> (2425), <c>Hosts</c> (comma-separated HOST[:PORT] that also get our entries, port 2425 by default),
    /// <c>Broadcast</c> (true; false sends entries only to the hosts), <c>Encoding</c> (GB18030: the code page of peers
    /// that do not announce UTF-8), <c>Nickname</c>, <c>Group</c>, <c>RetryInterval</c> (00:00:01, doubled per retry)
    /// and <c>Attempts</c> (4). <paramref name="port"/> (<c>--lan-port</c>) and <paramref name="peers"/>
    /// (<c>--lan-peer</c>) come on top. An unparsable value is an <see cref="ArgumentException"/> naming its key.
    /// </summary>
    public static Client.Lan.LanPeerOptions LanOptions(int? port, IEnumerable<string> peers)
    {
        IConfigurationSection lan = Read().GetSection(LanSectionName);
        var options = new Client.Lan.LanPeerOptions();
        var hosts = new List<System.Net.IPEndPoint>();
        foreach (string entry in (lan["Hosts"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            hosts.AddRange(LanEndpoints(entry, $"{LanSectionName}:Hosts"));
        }

        foreach (string entry in peers)
        {
            hosts.AddRange(LanEndpoints(entry, "--lan-peer"));
        }

        return options with
        {
            Port = port ?? Number(lan, "Port", options.Port, 0, 65535),
            Hosts = hosts,
            Broadcast = !string.Equals(lan["Broadcast"]?.Trim(), "false", StringComparison.OrdinalIgnoreCase),
            LegacyEncoding = string.IsNullOrWhiteSpace(lan["Encoding"]) ? options.LegacyEncoding : lan["Encoding"]!.Trim(),
            Nickname = lan["Nickname"]?.Trim() ?? options.Nickname,
            Group = lan["Group"]?.Trim() ?? options.Group,
            RetryInterval = Duration(lan, "RetryInterval", options.RetryInterval),
            Attempts = Number(lan, "Attempts", options.Attempts, 1, 20),
        };
    }

    /// <summary>HOST[:PORT] (port 2425 by default) as endpoints; a host name may stand for several addresses.</summary>
    public static IReadOnlyList<System.Net.IPEndPoint> LanEndpoints(string entry, string source)
    {
        if (!UdpSuite.Client.Transport.UdpServerAddress.TryParse(entry, UdpSuite.Protocol.Lan.IpMsgWire.DefaultPort, out string host, out int port, out string error))
        {
            throw new ArgumentException($"{source}: '{entry}': {error}");
        }

        try
        {
            System.Net.IPAddress[] addresses = System.Net.IPAddress.TryParse(host, out System.Net.IPAddress? literal) ? [literal] : System.Net.Dns.GetHostAddresses(host);
            return [.. addresses.Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork).Select(a => new System.Net.IPEndPoint(a, port))];
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new ArgumentException($"{source}: '{entry}': {ex.Message}", ex);
        }
    }

    private static int Number(IConfigurationSection section, string key, int fallback, int min, int max)
    {
        string? text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{section.Path}:{key}: '{text}' is not a number from {min} to {max}");
    }

    private static TimeSpan Duration(IConfigurationSection section, string key, TimeSpan fallback)
    {
        string? text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return TimeSpan.TryParse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture, out TimeSpan value) && value > TimeSpan.Zero
            ? value
            : throw new ArgumentException($"{section.Path}:{key}: '{text}' is not a positive duration such as 00:00:01");
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
    public static bool BroadcastEnabled() => BroadcastEnabled(Read());

    private static bool BroadcastEnabled(IConfiguration configuration) =>
        !string.Equals(configuration[DiscoveryBroadcastName]?.Trim(), "false", StringComparison.OrdinalIgnoreCase);

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
