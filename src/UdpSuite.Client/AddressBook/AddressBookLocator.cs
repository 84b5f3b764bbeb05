namespace UdpSuite.Client.AddressBook;

/// <summary>
/// Decides which <c>contacts.json</c> to read: the one named by <c>--contacts</c>, else the per-user copy
/// (<c>$XDG_CONFIG_HOME/udpsuite/contacts.json</c>, or <c>~/.config/udpsuite/contacts.json</c>). The sample shipped next
/// to the executable is documentation and never read implicitly: its accounts do not exist on the user's server.
/// </summary>
public static class AddressBookLocator
{
    public const string FileName = "contacts.json";

    /// <summary>The per-user path (whether or not it exists), or null when neither XDG_CONFIG_HOME nor HOME is set.</summary>
    public static string? UserPath(Func<string, string?> environment) =>
        UserConfigDirectory.File(environment, FileName);

    /// <summary>
    /// The file to read, following the lookup order, or null when no path was given and there is no per-user copy;
    /// <paramref name="fileExists"/> is consulted for the per-user copy only.
    /// </summary>
    public static string? Resolve(string? explicitPath, Func<string, string?> environment, Func<string, bool> fileExists)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }

        string? user = UserPath(environment);
        return user is not null && fileExists(user) ? user : null;
    }

    /// <summary><see cref="Resolve(string?, Func{string, string?}, Func{string, bool})"/> against this process's environment and file system.</summary>
    public static string? Resolve(string? explicitPath) =>
        Resolve(explicitPath, Environment.GetEnvironmentVariable, File.Exists);
}
