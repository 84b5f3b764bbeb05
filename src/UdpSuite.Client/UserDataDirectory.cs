namespace UdpSuite.Client;

/// <summary>
/// A user's UdpSuite data: <c>$XDG_DATA_HOME/udpsuite</c> (or <c>~/.local/share/udpsuite</c>), with the client's files in
/// <c>client/</c> and a server's state in <c>server/</c>, so one person's client history never sits beside a server's
/// <c>chat.db</c>. Before this split everything lay directly in <c>udpsuite/</c>: a file found only there is used in
/// place (<see cref="ClientFile"/> says so through <see cref="ClientFileLocation.IsLegacy"/>), never moved behind the
/// user's back.
/// </summary>
public static class UserDataDirectory
{
    /// <summary><c>$XDG_DATA_HOME/udpsuite</c>, or <c>$HOME/.local/share/udpsuite</c>, or under the temp directory without either.</summary>
    public static string Root(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? dataHome = environment("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome))
        {
            dataHome = Path.Combine(environment("HOME") ?? Path.GetTempPath(), ".local", "share");
        }

        return Path.Combine(dataHome, "udpsuite");
    }

    /// <summary>The client's directory, <c>ROOT/client</c>.</summary>
    public static string Client(Func<string, string?> environment) => Path.Combine(Root(environment), "client");

    /// <summary>
    /// Where the client file <paramref name="fileName"/> is: <c>ROOT/client/NAME</c>, unless only the layout before
    /// the split has it (<c>ROOT/NAME</c>), which is then used in place.
    /// </summary>
    public static ClientFileLocation ClientFile(Func<string, string?> environment, string fileName)
    {
        string current = Path.Combine(Client(environment), fileName);
        string legacy = Path.Combine(Root(environment), fileName);
        return !File.Exists(current) && File.Exists(legacy) ? new ClientFileLocation(legacy, IsLegacy: true) : new ClientFileLocation(current, IsLegacy: false);
    }
}

/// <summary>A client file's path, and whether it is a file of the layout before the client/server split, used in place.</summary>
public readonly record struct ClientFileLocation(string Path, bool IsLegacy);
