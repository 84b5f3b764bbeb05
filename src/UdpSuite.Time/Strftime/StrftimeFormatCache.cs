using System.Collections.Concurrent;
using System.Text.Unicode;

namespace UdpSuite.Time.Strftime;

/// <summary>
/// Compiled formats by their text, so a format is parsed once however many requests use it. Bounded:
/// a hostile client can send a million distinct formats, so past <see cref="Capacity"/> entries the cache
/// starts over (cheap, and the formats people really use come straight back). Lookups by UTF-8 bytes
/// allocate nothing when the format is cached.
/// </summary>
public sealed class StrftimeFormatCache
{
    private readonly ConcurrentDictionary<string, StrftimeFormat> _formats = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrftimeFormat>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public StrftimeFormatCache(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _bySpan = _formats.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Capacity { get; }

    public int Count => _formats.Count;

    /// <summary>The compiled form of <paramref name="utf8Format"/>, which must be valid UTF-8 of at most 4096 bytes.</summary>
    public StrftimeFormat Get(ReadOnlySpan<byte> utf8Format)
    {
        if (utf8Format.Length > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(utf8Format), utf8Format.Length, "formats longer than 4096 bytes are not cached");
        }

        Span<char> chars = stackalloc char[utf8Format.Length];
        var status = Utf8.ToUtf16(utf8Format, chars, out _, out int written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            throw new ArgumentException("format is not valid UTF-8", nameof(utf8Format));
        }

        return Get(chars[..written]);
    }

    /// <summary>The compiled form of <paramref name="format"/>.</summary>
    public StrftimeFormat Get(ReadOnlySpan<char> format)
    {
        if (_bySpan.TryGetValue(format, out StrftimeFormat? cached))
        {
            return cached;
        }

        var compiled = StrftimeFormat.Compile(format.ToString());
        if (_formats.Count >= Capacity)
        {
            _formats.Clear();
        }

        _formats[compiled.Pattern] = compiled;
        return compiled;
    }
}
