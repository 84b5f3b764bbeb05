using System.Buffers.Binary;
using NodaTime;

namespace UdpSuite.Protocol.Rfc868;

/// <summary>
/// RFC 868 Time: a 4-byte big-endian count of seconds since 1900-01-01T00:00:00Z. The count is read modulo 2^32,
/// so it wraps on 2036-02-07T06:28:16Z; the client picks the era nearest its own clock.
/// </summary>
public static class Rfc868Time
{
    /// <summary>Size of a reply.</summary>
    public const int Length = 4;

    private static readonly Instant Epoch = Instant.FromUtc(1900, 1, 1, 0, 0);
    private const long SecondsPerEra = 1L << 32;

    /// <summary>Writes the whole seconds of <paramref name="now"/> (rounded down) and returns 4.</summary>
    public static int Write(Instant now, Span<byte> destination)
    {
        long seconds = (now - Epoch).BclCompatibleTicks;
        seconds = Math.DivRem(seconds, TimeSpan.TicksPerSecond, out long remainder);
        if (remainder < 0)
        {
            seconds--;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, unchecked((uint)seconds));
        return Length;
    }

    /// <summary>
    /// Reads a reply. Fails (returns false) unless it is exactly 4 bytes; the seconds are placed in the
    /// 2^32-second era that puts them closest to <paramref name="pivot"/> (normally the reader's clock).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> reply, Instant pivot, out Instant time)
    {
        if (reply.Length != Length)
        {
            time = default;
            return false;
        }

        uint seconds = BinaryPrimitives.ReadUInt32BigEndian(reply);
        long pivotSeconds = (pivot - Epoch).BclCompatibleTicks / TimeSpan.TicksPerSecond;
        long pivotEraBase = pivotSeconds - (long)(unchecked((uint)pivotSeconds));
        long candidate = pivotEraBase + seconds;
        // Choose among the candidate and its neighbours in the adjacent eras.
        if (candidate - pivotSeconds > SecondsPerEra / 2)
        {
            candidate -= SecondsPerEra;
        }
        else if (pivotSeconds - candidate > SecondsPerEra / 2)
        {
            candidate += SecondsPerEra;
        }

        time = Epoch + Duration.FromSeconds(candidate);
        return true;
    }
}
