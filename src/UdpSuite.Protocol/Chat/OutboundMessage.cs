namespace UdpSuite.Protocol.Chat;

/// <summary>
/// One message on its way to one peer: which fragments are acknowledged, when each was last sent and how often.
/// Pure bookkeeping (times are passed in), shared by the server's delivery and the client's submission, so both
/// retransmit the same way: a fragment is due when never sent, or when its RTO, doubled per earlier send, has
/// passed. Not thread-safe: the owner serialises access.
/// </summary>
public sealed class OutboundMessage
{
    private readonly long[] _lastSentTicks;
    private readonly long[] _firstSentTicks;
    private readonly byte[] _sendCounts;
    private readonly bool[] _acknowledged;
    private int _acknowledgedCount;

    public OutboundMessage(Guid id, byte[] envelope)
    {
        Id = id;
        Envelope = envelope;
        FragmentCount = EnvelopeCodec.FragmentCount(envelope.Length);
        if (FragmentCount > SessionBodyCodec.MaxFragments)
        {
            throw new ArgumentException($"envelope of {envelope.Length} bytes needs more than {SessionBodyCodec.MaxFragments} fragments", nameof(envelope));
        }

        _lastSentTicks = new long[FragmentCount];
        _firstSentTicks = new long[FragmentCount];
        _sendCounts = new byte[FragmentCount];
        _acknowledged = new bool[FragmentCount];
    }

    public Guid Id { get; }

    public byte[] Envelope { get; }

    public int FragmentCount { get; }

    public bool IsComplete => _acknowledgedCount == FragmentCount;

    /// <summary>Most times any fragment has been sent (0 before the first send).</summary>
    public int MaxSends { get; private set; }

    /// <summary>The bytes of fragment <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Fragment(int index) => EnvelopeCodec.Fragment(Envelope, index);

    /// <summary>Whether fragment <paramref name="index"/> should be (re)sent at <paramref name="nowTicks"/> under timeout <paramref name="rto"/>.</summary>
    public bool IsDue(int index, long nowTicks, TimeSpan rto)
    {
        if (_acknowledged[index])
        {
            return false;
        }

        int sends = _sendCounts[index];
        if (sends == 0)
        {
            return true;
        }

        return nowTicks - _lastSentTicks[index] >= RetransmissionTimer.WaitTicks(rto, sends);
    }

    /// <summary>Ticks at which the earliest unacknowledged fragment becomes due (long.MaxValue when complete).</summary>
    public long NextDueTicks(TimeSpan rto)
    {
        long next = long.MaxValue;
        for (int index = 0; index < FragmentCount; index++)
        {
            if (_acknowledged[index])
            {
                continue;
            }

            int sends = _sendCounts[index];
            long due = sends == 0 ? 0 : _lastSentTicks[index] + RetransmissionTimer.WaitTicks(rto, sends);
            next = Math.Min(next, due);
        }

        return next;
    }

    /// <summary>
    /// Ticks of the first send of the longest-waiting fragment that was sent and is not acknowledged (long.MaxValue when
    /// there is none): how long this message has gone unanswered, for a sender that gives up after a bounded time.
    /// </summary>
    public long UnacknowledgedSinceTicks()
    {
        long since = long.MaxValue;
        for (int index = 0; index < FragmentCount; index++)
        {
            if (!_acknowledged[index] && _sendCounts[index] > 0)
            {
                since = Math.Min(since, _firstSentTicks[index]);
            }
        }

        return since;
    }

    public void MarkSent(int index, long nowTicks)
    {
        if (_sendCounts[index] == 0)
        {
            _firstSentTicks[index] = nowTicks;
        }

        _lastSentTicks[index] = nowTicks;
        if (_sendCounts[index] < byte.MaxValue)
        {
            _sendCounts[index]++;
        }

        MaxSends = Math.Max(MaxSends, _sendCounts[index]);
    }

    /// <summary>
    /// Records an ACK. Returns the round-trip sample when the fragment was sent exactly once (Karn's rule),
    /// null for duplicates, retransmitted fragments and out-of-range indexes.
    /// </summary>
    public TimeSpan? Acknowledge(int index, long nowTicks)
    {
        if ((uint)index >= (uint)FragmentCount || _acknowledged[index])
        {
            return null;
        }

        _acknowledged[index] = true;
        _acknowledgedCount++;
        return _sendCounts[index] == 1 ? TimeSpan.FromTicks(nowTicks - _lastSentTicks[index]) : null;
    }
}
