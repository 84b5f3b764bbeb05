using System.Collections.Concurrent;
using System.Text;
using NodaTime;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// Zone ids as they arrive (UTF-8 bytes) to zones, allocation-free for ids seen before. Only ids the
/// provider knows are remembered, so the table is bounded by the tz database's size.
/// </summary>
internal sealed class ZoneLookup
{
    private readonly IDateTimeZoneProvider _provider;
    private readonly HashSet<string> _ids;
    private readonly ConcurrentDictionary<string, DateTimeZone> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeZone>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public ZoneLookup(IDateTimeZoneProvider provider)
    {
        _provider = provider;
        _ids = new HashSet<string>(provider.Ids, StringComparer.Ordinal);
        _bySpan = _known.GetAlternateLookup<ReadOnlySpan<char>>();
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

        if (_bySpan.TryGetValue(id[..written], out DateTimeZone? cached))
        {
            zone = cached;
            return true;
        }

        string name = id[..written].ToString();
        DateTimeZone? found = _ids.Contains(name) ? _provider.GetZoneOrNull(name) : null;
        if (found is null)
        {
            zone = DateTimeZone.Utc;
            return false;
        }

        _known[name] = found;
        zone = found;
        return true;
    }
}
