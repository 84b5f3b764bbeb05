using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Sessions;

/// <summary>A RECEIPT sent (or to be sent) to a client and not yet acknowledged with ACK(message id, 0xFFFF).</summary>
public sealed class PendingReceipt
{
    public PendingReceipt(ReceiptBody body) => Body = body;

    /// <summary>The receipt; a newer state for the same message replaces it.</summary>
    public ReceiptBody Body { get; private set; }

    /// <summary>Sends so far (0 = not yet sent).</summary>
    public int Sends { get; private set; }

    public long LastSentTicks { get; private set; }

    /// <summary>Due when never sent, or when the RTO (doubled per earlier send, capped) has passed since the last send.</summary>
    public bool IsDue(long nowTicks, TimeSpan rto)
    {
        if (Sends == 0)
        {
            return true;
        }

        long wait = Math.Min(rto.Ticks << Math.Min(Sends - 1, 6), RetransmissionTimer.Maximum.Ticks);
        return nowTicks - LastSentTicks >= wait;
    }

    /// <summary>Moves to a higher state (never lower) and makes the receipt due at once.</summary>
    public void Raise(ReceiptBody body)
    {
        if (body.State > Body.State)
        {
            Body = body;
            Sends = 0;
        }
    }

    public void MarkSent(long nowTicks)
    {
        LastSentTicks = nowTicks;
        Sends++;
    }
}
