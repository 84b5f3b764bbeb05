using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Sessions;

/// <summary>
/// A GROUP_RECEIPT sent (or to be sent) to a group message's sender and not yet acknowledged. Newer counts replace
/// older ones; the ACK names the progress (delivered + read) it confirms, so a late ACK never retires newer counts.
/// </summary>
public sealed class PendingGroupReceipt(GroupReceiptBody body)
{
    public GroupReceiptBody Body { get; private set; } = body;

    public int Sends { get; private set; }

    public long LastSentTicks { get; private set; }

    /// <summary>Due when never sent, or when the RTO (doubled per earlier send, capped) has passed since the last send.</summary>
    public bool IsDue(long nowTicks, TimeSpan rto) =>
        Sends == 0 || nowTicks - LastSentTicks >= Math.Min(rto.Ticks << Math.Min(Sends - 1, 6), RetransmissionTimer.Maximum.Ticks);

    /// <summary>Takes higher counts (never lower) and makes the receipt due at once.</summary>
    public void Raise(GroupReceiptBody body)
    {
        if (body.Progress > Body.Progress)
        {
            Body = body;
            Sends = 0;
        }
    }

    /// <summary>True when an ACK of <paramref name="progress"/> confirms the current counts.</summary>
    public bool Acknowledge(int progress) => progress >= Body.Progress;

    public void MarkSent(long nowTicks)
    {
        LastSentTicks = nowTicks;
        Sends++;
    }
}
