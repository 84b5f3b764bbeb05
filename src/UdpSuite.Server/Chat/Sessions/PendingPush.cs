using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Sessions;

/// <summary>
/// Something the server sends a client on its own and retransmits with the session's RTO until the client
/// acknowledges it (a RECEIPT, a GROUP_RECEIPT, a PRESENCE push). Not thread-safe: the chat handler's lock.
/// </summary>
internal abstract class PendingPush
{
    /// <summary>Sends so far (0 = not yet sent).</summary>
    public int Sends { get; private set; }

    public long LastSentTicks { get; private set; }

    /// <summary>When the current content was first sent (meaningful once <see cref="Sends"/> &gt; 0; a newer body starts over).</summary>
    public long FirstSentTicks { get; private set; }

    /// <summary>The datagram type the push travels in.</summary>
    public abstract ChatMessageType Type { get; }

    /// <summary>Due when never sent, or when the RTO (doubled per earlier send, capped) has passed since the last send.</summary>
    public bool IsDue(long nowTicks, TimeSpan rto) => Sends == 0 || nowTicks - LastSentTicks >= RetransmissionTimer.WaitTicks(rto, Sends);

    public void MarkSent(long nowTicks)
    {
        if (Sends == 0)
        {
            FirstSentTicks = nowTicks;
        }

        LastSentTicks = nowTicks;
        Sends++;
    }

    /// <summary>Writes the push's body into <paramref name="body"/>; returns its length.</summary>
    public abstract int Write(Span<byte> body);

    /// <summary>The next send is a first send again (the content changed).</summary>
    protected void ResetSends() => Sends = 0;
}

/// <summary>
/// A <see cref="PendingPush"/> whose content only moves forward: a newer body (higher <see cref="Rank"/>) replaces the
/// waiting one and is due at once, an older one is ignored; an ACK retires the push only when it confirms the current
/// rank, so a late ACK of an older body never retires a newer one.
/// </summary>
internal abstract class PendingPush<TBody>(TBody body) : PendingPush
{
    public TBody Body { get; private set; } = body;

    /// <summary>Takes <paramref name="newer"/> when it ranks higher than the waiting body, and makes it due at once.</summary>
    public void Raise(TBody newer)
    {
        if (Rank(newer) > Rank(Body))
        {
            Body = newer;
            ResetSends();
        }
    }

    /// <summary>True when an ACK of <paramref name="acknowledgedRank"/> confirms the current body (the push is done).</summary>
    protected bool IsConfirmedBy(ulong acknowledgedRank) => acknowledgedRank >= Rank(Body);

    /// <summary>How far along <paramref name="body"/> is (a receipt's state, a group message's progress, a presence version).</summary>
    protected abstract ulong Rank(TBody body);
}
