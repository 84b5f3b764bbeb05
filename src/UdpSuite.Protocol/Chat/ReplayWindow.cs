namespace UdpSuite.Protocol.Chat;

/// <summary>
/// Anti-replay for one direction of one session (the IPsec/DTLS sliding window): accepts each sequence
/// number once, tolerates reordering within the last 64, refuses anything older. Not thread-safe.
/// </summary>
public sealed class ReplayWindow
{
    private const int Size = 64;
    private ulong _highest;
    private ulong _seen; // bit k set = (highest - k) was accepted

    /// <summary>
    /// Whether <see cref="Accept"/> would take <paramref name="sequence"/>, without recording it: a receiver checks
    /// before it spends work authenticating a datagram and records only after the datagram authenticates.
    /// </summary>
    public bool IsFresh(ulong sequence)
    {
        if (sequence == 0)
        {
            return false;
        }

        if (sequence > _highest)
        {
            return true;
        }

        ulong age = _highest - sequence;
        return age < Size && (_seen & (1UL << (int)age)) == 0;
    }

    /// <summary>True exactly once per fresh sequence number (1 and up); false for replays and for numbers too old to judge.</summary>
    public bool Accept(ulong sequence)
    {
        if (sequence == 0)
        {
            return false;
        }

        if (sequence > _highest)
        {
            ulong shift = sequence - _highest;
            _seen = shift >= Size ? 1UL : (_seen << (int)shift) | 1UL;
            _highest = sequence;
            return true;
        }

        ulong age = _highest - sequence;
        if (age >= Size)
        {
            return false;
        }

        ulong bit = 1UL << (int)age;
        if ((_seen & bit) != 0)
        {
            return false;
        }

        _seen |= bit;
        return true;
    }
}
