namespace UdpSuite.TimeZones;

/// <summary>Finds the zone ids and the tzdata version of a zoneinfo directory.</summary>
internal static class ZoneInfoScanner
{
    // Duplicated trees ("posix/", "right/" with leap seconds) and files that are not zones of their own.
    private static readonly HashSet<string> ExcludedTopLevel = new(StringComparer.Ordinal) { "posix", "right", "posixrules", "localtime" };

    /// <summary>Relative ids of every regular file (or symlink to one) under <paramref name="root"/> that starts with the TZif magic.</summary>
    public static HashSet<string> FindZoneIds(string root)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var pending = new Stack<(string Directory, string Prefix, int Depth)>();
        pending.Push((root, string.Empty, 0));
        while (pending.Count > 0)
        {
            var (directory, prefix, depth) = pending.Pop();
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", options))
            {
                string id = prefix + entry.Name;
                if (depth == 0 && ExcludedTopLevel.Contains(entry.Name))
                {
                    continue;
                }

                if (entry is DirectoryInfo subdirectory)
                {
                    // Symlinked directories are not followed, which also rules out cycles; depth is a second guard.
                    if (subdirectory.LinkTarget is null && depth < 4)
                    {
                        pending.Push((subdirectory.FullName, id + "/", depth + 1));
                    }
                }
                else if (HasTzifMagic(entry.FullName))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    /// <summary>The version from the first line of <c>tzdata.zi</c> ("# version 2025b"), or "unknown".</summary>
    public static string ReadVersion(string root)
    {
        try
        {
            string path = Path.Combine(root, "tzdata.zi");
            if (!File.Exists(path))
            {
                return "unknown";
            }

            using var reader = new StreamReader(path);
            string? first = reader.ReadLine();
            const string Prefix = "# version ";
            return first is not null && first.StartsWith(Prefix, StringComparison.Ordinal) && first.Length > Prefix.Length
                ? first[Prefix.Length..].Trim()
                : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static bool HasTzifMagic(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            Span<byte> magic = stackalloc byte[4];
            return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("TZif"u8);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
