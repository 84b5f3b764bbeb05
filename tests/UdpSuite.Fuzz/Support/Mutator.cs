namespace UdpSuite.Fuzz.Support;

/// <summary>
/// A seeded, coverage-less mutator (bit flips, byte sets, interesting values, insertions, deletions, truncation,
/// extension up to the largest UDP payload, splicing, pure random), used by the CI property tests and by the
/// <c>random</c> mode of the harness. The same seed gives the same inputs.
/// </summary>
internal sealed class Mutator(int seed, int maxLength = 65_507)
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, (byte)'%', (byte)'{', (byte)'}', (byte)'=', (byte)';', (byte)'U', (byte)'C', 0xC0, 0xE0, 0xF0, 0xF4, 0xED, (byte)'"', (byte)'\\', (byte)'[', (byte)':'];
    private readonly Random _random = new(seed);

    public Random Random => _random;

    /// <summary>A new input derived from one of <paramref name="pool"/> (or random bytes when it is empty).</summary>
    public byte[] Next(IReadOnlyList<byte[]> pool)
    {
        if (pool.Count == 0 || _random.Next(16) == 0)
        {
            var bytes = new byte[RandomLength()];
            _random.NextBytes(bytes);
            return bytes;
        }

        var data = new List<byte>(pool[_random.Next(pool.Count)]);
        int rounds = 1 + _random.Next(_random.Next(2) == 0 ? 2 : 8);
        for (int i = 0; i < rounds; i++)
        {
            Mutate(data, pool);
        }

        return data.Count > maxLength ? [.. data.GetRange(0, maxLength)] : [.. data];
    }

    private int RandomLength() => _random.Next(10) switch
    {
        0 => 0,
        1 => _random.Next(maxLength + 1),
        2 => maxLength,
        _ => _random.Next(1300),
    };

    private void Mutate(List<byte> data, IReadOnlyList<byte[]> pool)
    {
        switch (_random.Next(10))
        {
            case 0 when data.Count > 0:
                data[_random.Next(data.Count)] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[_random.Next(data.Count)] = (byte)_random.Next(256);
                break;
            case 2 when data.Count > 0:
                data[_random.Next(data.Count)] = Interesting[_random.Next(Interesting.Length)];
                break;
            case 3:
                data.Insert(_random.Next(data.Count + 1), Interesting[_random.Next(Interesting.Length)]);
                break;
            case 4 when data.Count > 0:
                int at = _random.Next(data.Count);
                data.RemoveRange(at, _random.Next(Math.Min(16, data.Count - at) + 1));
                break;
            case 5 when data.Count > 0:
                int keep = _random.Next(data.Count);
                data.RemoveRange(keep, data.Count - keep); // truncate
                break;
            case 6:
                int extra = _random.Next(4) == 0 ? _random.Next(maxLength - Math.Min(maxLength, data.Count) + 1) : _random.Next(64);
                byte fill = _random.Next(2) == 0 ? (byte)_random.Next(256) : Interesting[_random.Next(Interesting.Length)];
                data.AddRange(Enumerable.Repeat(fill, extra)); // oversize, up to the largest UDP payload
                break;
            case 7 when data.Count > 1:
                int from = _random.Next(data.Count);
                int length = _random.Next(Math.Min(32, data.Count - from) + 1);
                data.InsertRange(_random.Next(data.Count + 1), data.GetRange(from, length)); // duplicate a block
                break;
            case 8 when pool.Count > 0:
                byte[] other = pool[_random.Next(pool.Count)];
                int cut = _random.Next(data.Count + 1);
                data.RemoveRange(cut, data.Count - cut);
                data.AddRange(other.Skip(_random.Next(other.Length + 1))); // splice
                break;
            default:
                if (data.Count > 0)
                {
                    int a = _random.Next(data.Count);
                    int b = _random.Next(data.Count);
                    (data[a], data[b]) = (data[b], data[a]);
                }

                break;
        }
    }
}
