using System.Buffers.Binary;

namespace UdpSuite.Protocol.Chat;

/// <summary>Which limit a SLOW_DOWN reports.</summary>
public enum RateLimitScope : byte
{
    /// <summary>The sender's source address sent more datagrams than the server takes from one address.</summary>
    Source = 1,

    /// <summary>The logged-in account submitted more DATA than the server takes from one account.</summary>
    Account = 2,
}

/// <summary>
/// Body of SLOW_DOWN (0x40, authenticated): scope (u8) and retry-after (u32 milliseconds, the time until the server's bucket
/// has room again). A hint for the client to pace itself; what was dropped is retransmitted as usual, nothing failed.
/// </summary>
public readonly record struct SlowDownBody(RateLimitScope Scope, uint RetryAfterMilliseconds)
{
    /// <summary>Encoded length.</summary>
    public const int Length = 5;

    public int Write(Span<byte> destination)
    {
        destination[0] = (byte)Scope;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], RetryAfterMilliseconds);
        return Length;
    }

    /// <summary>Decodes a body; trailing bytes are ignored (later versions may add fields).</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out SlowDownBody slowDown)
    {
        slowDown = default;
        if (body.Length < Length || body[0] is not ((byte)RateLimitScope.Source or (byte)RateLimitScope.Account))
        {
            return false;
        }

        slowDown = new SlowDownBody((RateLimitScope)body[0], BinaryPrimitives.ReadUInt32BigEndian(body[1..]));
        return true;
    }
}
