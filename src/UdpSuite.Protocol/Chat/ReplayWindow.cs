namespace UdpSuite.Protocol.Chat;

/// <summary>
/// Anti-replay for one direction of one session (the IPsec/DTLS sliding window): accepts each sequence
/// number once, tolerates reordering within the last 64, refuses anything older. Not thread-safe.
/// </summary>
public sealed class ReplayWindow
{
    private const int Size = 64;
    private ulong highest;
    private ulong seen; // bit k set = (highest - k) was accepted

    /// <summary>True exactly once per fresh sequence number (1 and up); false for replays and for numbers too old to judge.</summary>
    public bool Accept(ulong sequence)
    {
        if (sequence == 0)
        {
            return false;
        }

        if (sequence > highest)
        {
            ulong shift = sequence - highest;
            seen = shift >= Size ? 1UL : (seen << (int)shift) | 1UL;
            highest = sequence;
            return true;
        }

        ulong age = highest - sequence;
        if (age >= Size)
        {
            return false;
        }

        ulong bit = 1UL << (int)age;
        if ((seen & bit) != 0)
        {
            return false;
        }

        seen |= bit;
        return true;
    }
}
