using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Sessions;

/// <summary>
/// A RECEIPT sent (or to be sent) to a client and not yet acknowledged with ACK(message id, 0xFFFF). That ACK does
/// not say which state it confirms, so when a higher state replaces one already sent, the next ACK may still be for
/// the older one: <see cref="Acknowledge"/> then keeps the receipt (one extra retransmission at worst) rather than
/// risk the client never seeing the newer state.
/// </summary>
public sealed class PendingReceipt
{
    public PendingReceipt(ReceiptBody body) => Body = body;

    /// <summary>The receipt; a newer state for the same message replaces it.</summary>
    public ReceiptBody Body { get; private set; }

    /// <summary>Lower-state receipts already sent for this message whose ACK may still arrive.</summary>
    public int EarlierStatesInFlight { get; private set; }

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
            if (Sends > 0)
            {
                EarlierStatesInFlight++;
            }

            Body = body;
            Sends = 0;
        }
    }

    /// <summary>Records one ACK(message id, 0xFFFF); true when it surely confirms the current state (the receipt is done).</summary>
    public bool Acknowledge()
    {
        if (EarlierStatesInFlight > 0)
        {
            EarlierStatesInFlight--;
            return false;
        }

        return true;
    }

    public void MarkSent(long nowTicks)
    {
        LastSentTicks = nowTicks;
        Sends++;
    }
}
