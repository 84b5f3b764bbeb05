using System.Buffers.Binary;

namespace UdpSuite.Protocol.Sntp;

/// <summary>
/// The 48-byte NTP header (RFC 5905 figure 8). Extension fields and MACs that may follow it are not
/// part of this value: decoding ignores them, encoding never writes them.
/// </summary>
public readonly record struct NtpPacket
{
    /// <summary>Size of the header on the wire.</summary>
    public const int HeaderLength = 48;

    /// <summary>The newest NTP version (RFC 5905's 4): clients send it, the server answers versions 1 up to it.</summary>
    public const byte HighestVersion = 4;

    public NtpLeapIndicator Leap { get; init; }

    /// <summary>Version number, 0..7 on the wire (1..4 are defined).</summary>
    public byte Version { get; init; }

    public NtpMode Mode { get; init; }

    public byte Stratum { get; init; }

    /// <summary>log2 of the poll interval in seconds.</summary>
    public sbyte Poll { get; init; }

    /// <summary>log2 of the clock precision in seconds.</summary>
    public sbyte Precision { get; init; }

    /// <summary>Round-trip delay to the reference clock, NTP short format (16.16 seconds).</summary>
    public uint RootDelay { get; init; }

    /// <summary>Dispersion to the reference clock, NTP short format (16.16 seconds).</summary>
    public uint RootDispersion { get; init; }

    public uint ReferenceId { get; init; }

    public NtpTimestamp ReferenceTimestamp { get; init; }

    public NtpTimestamp OriginTimestamp { get; init; }

    public NtpTimestamp ReceiveTimestamp { get; init; }

    public NtpTimestamp TransmitTimestamp { get; init; }

    /// <summary>True for a Kiss-o'-Death packet (stratum 0, RFC 5905 section 7.4).</summary>
    public bool IsKissOfDeath => Stratum == 0;

    /// <summary>
    /// Writes the 48-byte header into <paramref name="destination"/> and returns 48.
    /// Throws <see cref="ArgumentException"/> if the destination is shorter (a caller bug, not bad input).
    /// </summary>
    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < HeaderLength)
        {
            throw new ArgumentException($"Destination must hold {HeaderLength} bytes.", nameof(destination));
        }

        destination[0] = (byte)(((byte)Leap << 6) | ((Version & 0x7) << 3) | ((byte)Mode & 0x7));
        destination[1] = Stratum;
        destination[2] = (byte)Poll;
        destination[3] = (byte)Precision;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], RootDelay);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], RootDispersion);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], ReferenceId);
        ReferenceTimestamp.WriteTo(destination[16..]);
        OriginTimestamp.WriteTo(destination[24..]);
        ReceiveTimestamp.WriteTo(destination[32..]);
        TransmitTimestamp.WriteTo(destination[40..]);
        return HeaderLength;
    }

    /// <summary>
    /// Decodes the header at the start of <paramref name="source"/>. Never throws: input shorter than
    /// 48 bytes or with version 0 comes back as a failed result carrying the reason.
    /// </summary>
    public static NtpDecodeResult Decode(ReadOnlySpan<byte> source)
    {
        if (source.Length < HeaderLength)
        {
            return NtpDecodeResult.Failure(NtpDecodeError.TooShort);
        }

        byte first = source[0];
        byte version = (byte)((first >> 3) & 0x7);
        if (version == 0)
        {
            return NtpDecodeResult.Failure(NtpDecodeError.BadVersion);
        }

        var packet = new NtpPacket
        {
            Leap = (NtpLeapIndicator)(first >> 6),
            Version = version,
            Mode = (NtpMode)(first & 0x7),
            Stratum = source[1],
            Poll = (sbyte)source[2],
            Precision = (sbyte)source[3],
            RootDelay = BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
            RootDispersion = BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            ReferenceId = BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            ReferenceTimestamp = NtpTimestamp.ReadFrom(source[16..]),
            OriginTimestamp = NtpTimestamp.ReadFrom(source[24..]),
            ReceiveTimestamp = NtpTimestamp.ReadFrom(source[32..]),
            TransmitTimestamp = NtpTimestamp.ReadFrom(source[40..]),
        };
        return NtpDecodeResult.Success(packet);
    }

    /// <summary>Converts seconds to the NTP short format (16.16), saturating at the largest value.</summary>
    public static uint ToShortFormat(double seconds)
    {
        if (seconds <= 0)
        {
            return 0;
        }

        double scaled = seconds * 65536.0;
        return scaled >= uint.MaxValue ? uint.MaxValue : (uint)scaled;
    }

    /// <summary>Converts the NTP short format (16.16) to seconds.</summary>
    public static double FromShortFormat(uint value) => value / 65536.0;
}
