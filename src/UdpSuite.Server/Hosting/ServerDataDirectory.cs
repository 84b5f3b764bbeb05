namespace UdpSuite.Server.Hosting;

/// <summary>
/// Where the server keeps its state (<c>chat.db</c>, <c>server.key</c>): <c>Server:DataDirectory</c> when set, else
/// <c>udpsuite/server</c> under the user's local data directory (<c>$XDG_DATA_HOME</c>, <c>~/.local/share</c>), apart
/// from the client's <c>udpsuite/client</c>. A store of the layout before that split (<c>chat.db</c> or
/// <c>server.key</c> directly in <c>udpsuite/</c>, and none in <c>udpsuite/server/</c>) is used in place, with a
/// note, rather than moved while its WAL files might be in use.
/// </summary>
public sealed record ServerDataDirectory(string Path, string? LegacyNote)
{
    /// <summary>Resolves the directory for the configured <paramref name="configured"/> value (null or blank: the default).</summary>
    public static ServerDataDirectory Resolve(string? configured) =>
        Resolve(configured, Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create));

    /// <summary>As <see cref="Resolve(string?)"/>, with the user's local data directory given (tests).</summary>
    public static ServerDataDirectory Resolve(string? configured, string localData)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new ServerDataDirectory(configured.Trim(), null);
        }

        string root = System.IO.Path.Combine(localData, "udpsuite");
        string current = System.IO.Path.Combine(root, "server");
        if (!HasState(current) && HasState(root))
        {
            return new ServerDataDirectory(root,
                $"using the server state of an earlier layout in place: {root}. To move it to {current}: stop the server, "
                + $"mkdir -p {current} && mv {root}/chat.db* {root}/server.key {current}/ (client files stay where they are)");
        }

        return new ServerDataDirectory(current, null);
    }

    private static bool HasState(string directory) =>
        File.Exists(System.IO.Path.Combine(directory, "chat.db")) || File.Exists(System.IO.Path.Combine(directory, "server.key"));
}
