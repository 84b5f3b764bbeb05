using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Sessions;

namespace UdpSuite.Server.Chat.Presence;

/// <summary>
/// The presence side of one session: whether its login was announced yet, the PRESENCE pushes waiting for its ACK
/// (one per watched user; a newer version replaces an older one, so the table is bounded by the users it watches), and
/// the answer to its last request (a retransmitted request gets the same REPLY without being executed again).
/// Not thread-safe: the chat handler's lock.
/// </summary>
internal sealed class SessionPresence
{
    private readonly Dictionary<string, PendingPresence> _pending = new(StringComparer.Ordinal);
    private byte[]? _lastReply;

    /// <summary>True until the relay announced this session's login and queued the snapshot of the users it watches.</summary>
    public bool NeedsStart { get; set; } = true;

    /// <summary>Pushes not yet acknowledged.</summary>
    public IEnumerable<PendingPresence> Pending => _pending.Values;

    public int PendingCount => _pending.Count;

    /// <summary>Ticks of the first send of the longest-unacknowledged push (long.MaxValue when none was sent).</summary>
    public long OldestFirstSendTicks() => _pending.OldestFirstSendTicks();

    /// <summary>The id of the last request answered in this session (0 = none yet).</summary>
    public uint LastRequestId { get; private set; }

    /// <summary>The REPLY body given to <see cref="LastRequestId"/>.</summary>
    public ReadOnlySpan<byte> LastReply => _lastReply.AsSpan(0, LastReplyLength);

    private int LastReplyLength { get; set; }

    /// <summary>Queues <paramref name="info"/> unless an equal or newer version is waiting; false when the table is full.</summary>
    public bool Queue(PresenceInfo info, int capacity) => _pending.Queue(info.User, info, capacity, static i => new PendingPresence(i));

    /// <summary>The watcher confirmed <paramref name="user"/>'s presence at <paramref name="version"/>: done when that is the newest waiting.</summary>
    public void Acknowledge(string user, ulong version)
    {
        if (_pending.TryGetValue(user, out PendingPresence? pending) && pending.Acknowledge(version))
        {
            _pending.Remove(user);
        }
    }

    /// <summary>Remembers the answer to request <paramref name="requestId"/> (copied into a buffer reused by later requests).</summary>
    public void Remember(uint requestId, ReadOnlySpan<byte> reply)
    {
        _lastReply ??= new byte[ChatWire.MaxSecureBody];
        reply.CopyTo(_lastReply);
        LastReplyLength = reply.Length;
        LastRequestId = requestId;
    }
}
