namespace UdpSuite.Server.Hosting;

/// <summary>The name the chat listener gives in PROBE_REPLY and the discovery listener in DISCOVER_REPLY.</summary>
public sealed record ServerName(string Value)
{
    /// <summary><see cref="ServerOptions.ServerName"/> trimmed; the host name when it is empty.</summary>
    public static ServerName From(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ServerName(string.IsNullOrWhiteSpace(options.ServerName) ? Environment.MachineName : options.ServerName.Trim());
    }
}
