namespace UdpSuite.Client;

/// <summary>The client's per-user directory: <c>$XDG_CONFIG_HOME/udpsuite</c>, or <c>~/.config/udpsuite</c>.</summary>
internal static class UserConfigDirectory
{
    /// <summary>The directory (whether or not it exists), or null when neither XDG_CONFIG_HOME nor HOME is set.</summary>
    public static string? Resolve(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? configHome = environment("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(configHome))
        {
            string? home = environment("HOME");
            if (string.IsNullOrEmpty(home))
            {
                return null;
            }

            configHome = Path.Combine(home, ".config");
        }

        return Path.Combine(configHome, "udpsuite");
    }

    /// <summary><paramref name="fileName"/> in the directory, or null when there is no directory.</summary>
    public static string? File(Func<string, string?> environment, string fileName) =>
        Resolve(environment) is { } directory ? Path.Combine(directory, fileName) : null;
}
