using System.Collections.Concurrent;
using System.Text;
using NodaTime;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// Zone ids as they arrive (UTF-8 bytes) to zones, allocation-free for ids seen before. Only ids the
/// provider knows are remembered, so the table is bounded by the tz database's size.
/// </summary>
public sealed class ZoneLookup
{
    private readonly IDateTimeZoneProvider provider;
    private readonly HashSet<string> ids;
    private readonly ConcurrentDictionary<string, DateTimeZone> known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeZone>.AlternateLookup<ReadOnlySpan<char>> bySpan;

    public ZoneLookup(IDateTimeZoneProvider provider)
    {
        this.provider = provider;
        ids = new HashSet<string>(provider.Ids, StringComparer.Ordinal);
        bySpan = known.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Finds the zone named by <paramref name="utf8Id"/>; false (never an exception) for unknown ids.</summary>
    public bool TryFind(ReadOnlySpan<byte> utf8Id, out DateTimeZone zone)
    {
        Span<char> id = stackalloc char[Math.Min(utf8Id.Length, 256)];
        if (utf8Id.Length > 256 || !Encoding.UTF8.TryGetChars(utf8Id, id, out int written))
        {
            zone = DateTimeZone.Utc;
            return false;
        }

        if (bySpan.TryGetValue(id[..written], out DateTimeZone? cached))
        {
            zone = cached;
            return true;
        }

        string name = id[..written].ToString();
        DateTimeZone? found = ids.Contains(name) ? provider.GetZoneOrNull(name) : null;
        if (found is null)
        {
            zone = DateTimeZone.Utc;
            return false;
        }

        known[name] = found;
        zone = found;
        return true;
    }
}
