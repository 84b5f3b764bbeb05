using System.Buffers.Binary;
using NodaTime;

namespace UdpSuite.Protocol.Sntp;

/// <summary>
/// The 64-bit NTP timestamp (RFC 5905 section 6): 32 bits of seconds since 1900-01-01 UTC and 32 bits of fraction.
/// The seconds wrap every 2^32 s (era 0 ends 2036-02-07T06:28:16Z); conversions back to an
/// <see cref="Instant"/> pick the era explicitly or from a pivot.
/// </summary>
public readonly record struct NtpTimestamp(ulong Value)
{
    /// <summary>Encoded size on the wire.</summary>
    public const int Size = 8;

    private const long SecondsPerEra = 1L << 32;
    private const long NanosecondsPerSecond = 1_000_000_000L;

    private static readonly Duration LongNanosecondsMin = Duration.FromNanoseconds(long.MinValue);
    private static readonly Duration LongNanosecondsMax = Duration.FromNanoseconds(long.MaxValue);

    /// <summary>Start of NTP era 0: 1900-01-01T00:00:00Z.</summary>
    public static readonly Instant Era0Start = Instant.FromUtc(1900, 1, 1, 0, 0);

    /// <summary>The all-zero timestamp, which RFC 5905 reserves for "unknown / not set".</summary>
    public static NtpTimestamp Zero => default;

    /// <summary>Whole seconds within the era (the high 32 bits).</summary>
    public uint Seconds => (uint)(Value >> 32);

    /// <summary>Fraction of a second in units of 2^-32 s (the low 32 bits).</summary>
    public uint Fraction => (uint)Value;

    /// <summary>True for the reserved zero value.</summary>
    public bool IsZero => Value == 0;

    /// <summary>
    /// Encodes <paramref name="instant"/>, dropping the era (seconds modulo 2^32) and rounding the
    /// fraction down to the nearest 2^-32 s. Instants before 1900 map into negative eras and wrap the same way.
    /// </summary>
    public static NtpTimestamp FromInstant(Instant instant)
    {
        Duration sinceEra0 = instant - Era0Start;
        // Split into whole seconds (floor) and a non-negative nanosecond remainder.
        long seconds;
        long nanos;
        if (sinceEra0 >= LongNanosecondsMin && sinceEra0 <= LongNanosecondsMax)
        {
            // The common case (1608..2192): plain 64-bit arithmetic, no allocation.
            seconds = Math.DivRem(sinceEra0.ToInt64Nanoseconds(), NanosecondsPerSecond, out nanos);
        }
        else
        {
            seconds = (long)System.Numerics.BigInteger.DivRem(sinceEra0.ToBigIntegerNanoseconds(), NanosecondsPerSecond, out System.Numerics.BigInteger remainder);
            nanos = (long)remainder;
        }

        if (nanos < 0)
        {
            seconds--;
            nanos += NanosecondsPerSecond;
        }

        ulong fraction = (ulong)((nanos << 32) / NanosecondsPerSecond);
        return new NtpTimestamp(((ulong)(uint)seconds << 32) | fraction);
    }

    /// <summary>The instant this timestamp denotes in NTP era <paramref name="era"/> (0 = 1900..2036, 1 = 2036..2172).</summary>
    public Instant ToInstant(int era)
    {
        long seconds = (era * SecondsPerEra) + Seconds;
        long nanos = (long)(((ulong)Fraction * NanosecondsPerSecond) >> 32);
        return Era0Start + Duration.FromSeconds(seconds) + Duration.FromNanoseconds(nanos);
    }

    /// <summary>
    /// The instant this timestamp denotes in the era that puts it closest to <paramref name="pivot"/>
    /// (RFC 5905's rule: a timestamp is valid within 68 years of the reader's clock).
    /// </summary>
    public Instant ToInstantNear(Instant pivot)
    {
        NtpTimestamp pivotStamp = FromInstant(pivot);
        // Signed 64-bit difference of the raw 32.32 values is era-safe within +-68 years.
        long difference = unchecked((long)(Value - pivotStamp.Value));
        return pivot + DifferenceToDuration(difference);
    }

    /// <summary>
    /// The instant under RFC 4330 section 3's convention for clients without a clock reference:
    /// seconds with the top bit set are in era 0 (1968..2036), otherwise era 1 (2036..2104).
    /// </summary>
    public Instant ToInstantRfc4330() => ToInstant((Seconds & 0x8000_0000u) != 0 ? 0 : 1);

    /// <summary><c>this - other</c> as a duration, era-safe when the two are within 68 years of each other.</summary>
    public Duration Subtract(NtpTimestamp other) => DifferenceToDuration(unchecked((long)(Value - other.Value)));

    /// <summary>Writes the timestamp big-endian into the first 8 bytes of <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    /// <summary>Reads a big-endian timestamp from the first 8 bytes of <paramref name="source"/>.</summary>
    public static NtpTimestamp ReadFrom(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt64BigEndian(source));

    /// <inheritdoc />
    public override string ToString() => $"{Seconds}.{Fraction:x8}";

    private static Duration DifferenceToDuration(long difference32x32)
    {
        // 32.32 fixed point to nanoseconds without overflow: Int128 keeps all bits.
        Int128 nanos = ((Int128)difference32x32 * NanosecondsPerSecond) >> 32;
        return Duration.FromNanoseconds((long)nanos);
    }
}
