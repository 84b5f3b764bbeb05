using System.Buffers.Binary;
using System.Text;

namespace UdpSuite.Time.Tests.Zones;

/// <summary>Builds small TZif files for parser and zone tests.</summary>
internal sealed class TzifTestFile
{
    public char Version { get; init; } = '2';

    public long[] Transitions { get; init; } = [];

    public byte[] TransitionTypes { get; init; } = [];

    public (int Offset, bool IsDst, byte AbbreviationIndex)[] Types { get; init; } = [(0, false, 0)];

    public string Abbreviations { get; init; } = "UTC\0";

    public int LeapCount { get; init; }

    public int IndicatorCount { get; init; }

    public string? Footer { get; init; } = "UTC0";

    public byte[] Build()
    {
        var output = new List<byte>();
        WriteBlock(output, Version == '\0' ? '\0' : Version, timeSize: 4);
        if (Version != '\0')
        {
            WriteBlock(output, Version, timeSize: 8);
            if (Footer is not null)
            {
                output.AddRange(Encoding.ASCII.GetBytes("\n" + Footer + "\n"));
            }
        }

        return [.. output];
    }

    private void WriteBlock(List<byte> output, char version, int timeSize)
    {
        output.AddRange("TZif"u8.ToArray());
        output.Add((byte)version);
        output.AddRange(new byte[15]);
        foreach (int count in (ReadOnlySpan<int>)[IndicatorCount, IndicatorCount, LeapCount, Transitions.Length, Types.Length, Abbreviations.Length])
        {
            output.AddRange(BigEndian32(count));
        }

        foreach (long t in Transitions)
        {
            output.AddRange(timeSize == 8 ? BigEndian64(t) : BigEndian32((int)t));
        }

        output.AddRange(TransitionTypes);
        foreach (var (offset, isDst, index) in Types)
        {
            output.AddRange(BigEndian32(offset));
            output.Add(isDst ? (byte)1 : (byte)0);
            output.Add(index);
        }

        output.AddRange(Encoding.ASCII.GetBytes(Abbreviations));
        for (int i = 0; i < LeapCount; i++)
        {
            output.AddRange(timeSize == 8 ? BigEndian64(78796800 + i) : BigEndian32(78796800 + i));
            output.AddRange(BigEndian32(i + 1));
        }

        output.AddRange(new byte[IndicatorCount * 2]);
    }

    private static byte[] BigEndian32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }
}
