namespace UdpSuite.Security;

/// <summary>
/// Creates and writes files only their owner may read: directories 0700, files 0600, whatever the process umask.
/// Modes are set with chmod after creation because the mode given to open/mkdir is reduced by the umask (a umask can
/// only take bits away, but an unusual one such as 0277 would leave even the owner without write access). On Windows
/// the calls create and write normally; the per-user profile directories already keep other users out there.
/// </summary>
public static class PrivateFiles
{
    /// <summary>rwx for the owner only.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parents, each 0700) and sets the directory itself to 0700, also when
    /// it already existed (a data directory a previous version created 0755 is tightened). An existing shared directory
    /// with the sticky bit, such as /tmp, is left as it is: tightening it would lock every other user (and apt's
    /// sandbox user) out of it; the files created in it are 0600 all the same.
    /// </summary>
    public static void EnsureDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
            return;
        }

        var missing = new Stack<string>();
        for (string? current = full; current is not null && !Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing.Push(current);
        }

        while (missing.Count > 0)
        {
            string directory = missing.Pop();
            Directory.CreateDirectory(directory, DirectoryMode);
            File.SetUnixFileMode(directory, DirectoryMode);
        }

        if ((File.GetUnixFileMode(full) & UnixFileMode.StickyBit) == 0)
        {
            SetModeIfDifferent(full, DirectoryMode);
        }
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="content"/> atomically: a 0600 temporary file in the same
    /// directory is written, flushed to disk and renamed over the target, so a crash leaves the old or the new file,
    /// never half of one. The directory must exist.
    /// </summary>
    public static void WriteAllBytesAtomically(string path, ReadOnlySpan<byte> content) =>
        WriteThenMove(path, content, overwrite: true);

    /// <summary>
    /// Like <see cref="WriteAllBytesAtomically"/> but never replaces an existing file: false (and nothing written) when
    /// <paramref name="path"/> exists, for example because another process created it first.
    /// </summary>
    public static bool TryCreateAtomically(string path, ReadOnlySpan<byte> content)
    {
        try
        {
            WriteThenMove(path, content, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    /// <summary>Sets an existing file to 0600 (for files a library creates itself, such as SQLite's WAL).</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            SetModeIfDifferent(path, FileMode);
        }
    }

    /// <summary>Whether group or GroupOrOtherAccess have any access to <paramref name="path"/> (always false on Windows).</summary>
    public static bool IsAccessibleToOthers(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        const UnixFileMode GroupOrOtherAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & GroupOrOtherAccess) != 0;
    }

    /// <summary>
    /// chmod only when needed: a file or directory that already has its mode is left alone, so a private store on a
    /// read-only file system still gets as far as the database, which then says why it cannot be written.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void SetModeIfDifferent(string path, UnixFileMode mode)
    {
        if (File.GetUnixFileMode(path) != mode)
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static void WriteThenMove(string path, ReadOnlySpan<byte> content, bool overwrite)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException("The path has no directory.", nameof(path));
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = FileMode;
            }

            using (var stream = new FileStream(temporary, options))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, FileMode);
                }

                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
