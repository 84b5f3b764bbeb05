using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>
/// When one queued datagram goes out again: at once when never sent (or after <see cref="Restart"/>), then after
/// <see cref="RetransmissionTimer.WaitTicks"/> (the RTO doubled per earlier send, capped). Not thread-safe.
/// </summary>
internal class ResendSchedule
{
    private int _sends;
    private long _lastSentTicks;

    /// <summary>True (and counted as sent at <paramref name="nowTicks"/>) when the datagram is due under timeout <paramref name="rto"/>.</summary>
    public bool TakeIfDue(long nowTicks, TimeSpan rto)
    {
        if (_sends > 0 && nowTicks - _lastSentTicks < RetransmissionTimer.WaitTicks(rto, _sends))
        {
            return false;
        }

        _sends++;
        _lastSentTicks = nowTicks;
        return true;
    }

    /// <summary>Forgets the send history: the next <see cref="TakeIfDue"/> is true.</summary>
    public void Restart() => _sends = 0;
}
