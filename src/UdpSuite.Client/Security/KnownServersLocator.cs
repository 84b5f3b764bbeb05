namespace UdpSuite.Client.Security;

/// <summary>
/// Where the client keeps its server key pins: <c>$XDG_CONFIG_HOME/udpsuite/known_servers</c>, or
/// <c>~/.config/udpsuite/known_servers</c> (the directory of the per-user contacts.json).
/// </summary>
public static class KnownServersLocator
{
    public const string FileName = "known_servers";

    /// <summary>The path (whether or not it exists), or null when neither XDG_CONFIG_HOME nor HOME is set.</summary>
    public static string? UserPath(Func<string, string?> environment) =>
        UserConfigDirectory.File(environment, FileName);

    /// <summary><see cref="UserPath(Func{string, string?})"/> for this process's environment.</summary>
    public static string? UserPath() => UserPath(Environment.GetEnvironmentVariable);
}
