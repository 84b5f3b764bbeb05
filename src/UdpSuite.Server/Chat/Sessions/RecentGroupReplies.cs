namespace UdpSuite.Server.Chat.Sessions;

/// <summary>
/// The last GROUP_RESULT bodies sent to one session, by request id, so a retransmitted GROUP_REQUEST (its answer was
/// lost) gets the same answer instead of being done twice — a second "create" would otherwise say GroupExists.
/// Bounded: the oldest answers are forgotten first. Not thread-safe: used under the relay's lock.
/// </summary>
internal sealed class RecentGroupReplies
{
    public const int Capacity = 32;

    private readonly Dictionary<Guid, byte[]> _replies = [];
    private readonly Queue<Guid> _order = new();

    public bool TryGet(Guid requestId, out byte[] body) => _replies.TryGetValue(requestId, out body!);

    public void Remember(Guid requestId, ReadOnlySpan<byte> body)
    {
        if (!_replies.TryAdd(requestId, body.ToArray()))
        {
            return;
        }

        _order.Enqueue(requestId);
        while (_replies.Count > Capacity && _order.TryDequeue(out Guid oldest))
        {
            _replies.Remove(oldest);
        }
    }
}
