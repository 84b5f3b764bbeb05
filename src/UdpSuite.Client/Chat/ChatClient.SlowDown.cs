using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>
/// SLOW_DOWN (docs/PROTOCOL.md, "Rate limits"): the server dropped some of what this client sent because it is over a rate
/// limit. Nothing failed — the dropped fragments were not acknowledged and are resent as usual — so the client only pauses
/// sending message fragments for the retry-after the server gave (at most <see cref="MaxSlowDownPause"/>) and counts it.
/// </summary>
public sealed partial class ChatClient
{
    /// <summary>Longest pause one SLOW_DOWN can cause, whatever retry-after it names.</summary>
    public static readonly TimeSpan MaxSlowDownPause = TimeSpan.FromSeconds(2);

    private long _slowDownUntilTicks;
    private long _slowDowns;
    private SlowDownBody? _lastSlowDown;

    /// <summary>SLOW_DOWN notices received (authenticated ones; an unauthenticated ERROR SlowDown counts as a dropped datagram).</summary>
    public long SlowDownsReceived => Interlocked.Read(ref _slowDowns);

    /// <summary>The most recent SLOW_DOWN, or null.</summary>
    public SlowDownBody? LastSlowDown
    {
        get
        {
            lock (_gate)
            {
                return _lastSlowDown;
            }
        }
    }

    /// <summary>True while a SLOW_DOWN's pause lasts; fragments wait (receipts, ACKs and keepalives still go). Under <see cref="_gate"/>.</summary>
    private bool IsSlowedDown(long now) => now < _slowDownUntilTicks;

    /// <summary>Records a SLOW_DOWN body. Under <see cref="_gate"/>.</summary>
    private bool HandleSlowDown(ReadOnlySpan<byte> body, long now)
    {
        if (!SlowDownBody.TryRead(body, out SlowDownBody slowDown))
        {
            return false;
        }

        Interlocked.Increment(ref _slowDowns);
        _lastSlowDown = slowDown;
        TimeSpan pause = TimeSpan.FromMilliseconds(slowDown.RetryAfterMilliseconds);
        _slowDownUntilTicks = Math.Max(_slowDownUntilTicks, now + (pause < MaxSlowDownPause ? pause : MaxSlowDownPause).Ticks);
        return true;
    }
}
