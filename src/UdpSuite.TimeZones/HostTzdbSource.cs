using System.Collections.Concurrent;
using NodaTime;
using NodaTime.TimeZones;
using UdpSuite.Time.Zones;

namespace UdpSuite.TimeZones;

/// <summary>
/// A NodaTime zone source over a host zoneinfo directory (default <c>/usr/share/zoneinfo</c>), so the server
/// resolves zones from the same TZif files glibc and the host's tools use. Ids are enumerated once at
/// construction; zones are parsed on first use and cached. Thread-safe.
/// </summary>
public sealed class HostTzdbSource : IDateTimeZoneSource
{
    /// <summary>The zoneinfo directory of Debian and most Linux distributions.</summary>
    public const string DefaultZoneInfoDirectory = "/usr/share/zoneinfo";

    private readonly string _root;
    private readonly HashSet<string> _ids;
    private readonly ConcurrentDictionary<string, Lazy<TzifZone>> _zones = new(StringComparer.Ordinal);

    /// <summary>Enumerates the TZif files under <paramref name="zoneInfoDirectory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public HostTzdbSource(string zoneInfoDirectory = DefaultZoneInfoDirectory)
    {
        ArgumentNullException.ThrowIfNull(zoneInfoDirectory);
        _root = Path.GetFullPath(zoneInfoDirectory);
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"zoneinfo directory '{_root}' does not exist");
        }

        _ids = ZoneInfoScanner.FindZoneIds(_root);
        VersionId = ZoneInfoScanner.ReadVersion(_root);
    }

    /// <summary>The tzdata version from the first line of <c>tzdata.zi</c> (e.g. "2025b"), or "unknown" when that file is absent.</summary>
    public string VersionId { get; }

    /// <summary>All valid ids (relative paths such as "Europe/London", including symlinked aliases like "UTC").</summary>
    public IEnumerable<string> GetIds() => _ids;

    /// <summary>True when <paramref name="id"/> is one of <see cref="GetIds"/>; never touches the file system.</summary>
    public bool Contains(string id) => id is not null && _ids.Contains(id);

    /// <summary>
    /// Loads (once) the zone <paramref name="id"/>. Only ids from <see cref="GetIds"/> are ever turned into
    /// paths, so no input can reach a file outside the directory.
    /// </summary>
    /// <exception cref="ArgumentException">The id is unknown, or its file is not valid TZif.</exception>
    public DateTimeZone ForId(string id)
    {
        if (!Contains(id))
        {
            throw new ArgumentException($"unknown time zone id '{id}'", nameof(id));
        }

        return _zones.GetOrAdd(id, key => new Lazy<TzifZone>(() => Load(key), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>
    /// The host's default zone id: the TZ variable (leading ':' stripped) if it names a known id, else
    /// <c>/etc/timezone</c>, else the <c>/etc/localtime</c> symlink target relative to the zoneinfo directory,
    /// else "UTC". Only known ids are ever returned (apart from the final "UTC").
    /// </summary>
    public string GetSystemDefaultId() => GetSystemDefaultId(Environment.GetEnvironmentVariable("TZ"), "/etc/timezone", "/etc/localtime");

    /// <summary>Testable form of <see cref="GetSystemDefaultId()"/> with explicit inputs.</summary>
    internal string GetSystemDefaultId(string? tzVariable, string timezoneFile, string localtimeLink)
    {
        if (!string.IsNullOrEmpty(tzVariable))
        {
            string candidate = tzVariable.StartsWith(':') ? tzVariable[1..] : tzVariable;
            if (Contains(candidate))
            {
                return candidate;
            }
        }

        return FromTimezoneFile(timezoneFile) ?? FromLocaltimeLink(localtimeLink) ?? "UTC";
    }

    private string? FromTimezoneFile(string timezoneFile)
    {
        try
        {
            if (!File.Exists(timezoneFile))
            {
                return null;
            }

            string id = File.ReadAllText(timezoneFile).Trim();
            return Contains(id) ? id : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unreadable host configuration is no reason to fail start-up; the next source is tried.
            return null;
        }
    }

    private string? FromLocaltimeLink(string localtimeLink)
    {
        try
        {
            var link = new FileInfo(localtimeLink).LinkTarget;
            if (link is null)
            {
                return null;
            }

            string target = Path.GetFullPath(link, Path.GetDirectoryName(localtimeLink) ?? "/");
            string relative = Path.GetRelativePath(_root, target).Replace('\\', '/');
            return Contains(relative) ? relative : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private TzifZone Load(string id)
    {
        var bytes = File.ReadAllBytes(Path.Combine(_root, id));
        var parsed = TzifParser.Parse(bytes);
        if (parsed.Value is null)
        {
            throw new ArgumentException($"time zone '{id}': {parsed.Error}", nameof(id));
        }

        return TzifZone.Create(id, parsed.Value);
    }
}
