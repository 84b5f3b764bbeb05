namespace UdpSuite.Security;

/// <summary>
/// Keeps an SQLite database and the files SQLite creates beside it (<c>-wal</c>, <c>-shm</c>, <c>-journal</c>) readable
/// by their owner only, whatever the umask. SQLite's unix VFS creates those companion files with the database file's
/// own permission bits (it copies the mode and fchmods a new companion to it), so a database file that is 0600 before
/// SQLite first opens it gives 0600 companions, also when SQLite deletes and creates them again later (a WAL after the
/// last connection closed). This type therefore creates the database file itself, empty and 0600 (SQLite takes an
/// empty file as a new database), tightens files an earlier version left open, and checks again after opening.
/// </summary>
public static class PrivateDatabaseFiles
{
    /// <summary>The files SQLite may create next to a database named <c>X</c>: <c>X-wal</c>, <c>X-shm</c>, <c>X-journal</c>.</summary>
    public static IReadOnlyList<string> CompanionSuffixes { get; } = ["-wal", "-shm", "-journal"];

    /// <summary>
    /// Before SQLite opens <paramref name="databasePath"/>: its directory exists and is 0700
    /// (<see cref="PrivateFiles.EnsureDirectory"/>), the database file exists and is 0600 (created empty when missing),
    /// and companions left by an earlier run are 0600.
    /// </summary>
    public static void PrepareBeforeOpen(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        string full = Path.GetFullPath(databasePath);
        PrivateFiles.EnsureDirectory(Path.GetDirectoryName(full) ?? throw new ArgumentException("The path has no directory.", nameof(databasePath)));
        CreateOrRestrict(full);
        RestrictCompanions(full);
    }

    /// <summary>
    /// After SQLite opened <paramref name="databasePath"/> (and switched it to WAL): the database and every companion
    /// present are 0600. A check, since SQLite already created them with the database's mode.
    /// </summary>
    public static void RestrictAfterOpen(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        string full = Path.GetFullPath(databasePath);
        PrivateFiles.Restrict(full);
        RestrictCompanions(full);
    }

    /// <summary>The database file and the companions of it that exist now.</summary>
    public static IEnumerable<string> ExistingFiles(string databasePath)
    {
        string full = Path.GetFullPath(databasePath);
        return new[] { full }.Concat(CompanionSuffixes.Select(suffix => full + suffix)).Where(File.Exists);
    }

    private static void CreateOrRestrict(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SQLite creates the file; the per-user profile directory keeps other users out
        }

        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.ReadWrite,
                UnixCreateMode = PrivateFiles.FileMode,
            };
            using var stream = new FileStream(path, options);

            // The create mode was reduced by the umask (0277 would leave the owner without write access): set it exactly.
            File.SetUnixFileMode(stream.SafeFileHandle, PrivateFiles.FileMode);
        }
        catch (IOException) when (File.Exists(path))
        {
            PrivateFiles.Restrict(path); // an existing database, perhaps created 0644 by an earlier version
        }
    }

    private static void RestrictCompanions(string databasePath)
    {
        foreach (string suffix in CompanionSuffixes)
        {
            string companion = databasePath + suffix;
            try
            {
                if (File.Exists(companion))
                {
                    PrivateFiles.Restrict(companion);
                }
            }
            catch (FileNotFoundException)
            {
                // SQLite deleted it between the check and the chmod (a journal at the end of a transaction): nothing to restrict.
            }
        }
    }
}
