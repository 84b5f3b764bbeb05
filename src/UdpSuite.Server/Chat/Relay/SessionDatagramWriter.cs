using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Chat.Relay;

/// <summary>
/// Seals server-to-client datagrams of a session (next sequence number, MAC with the s2c key) in one reusable
/// 1200-byte buffer and sends them to the session's current peer. Not thread-safe: used under the relay's lock.
/// </summary>
internal sealed class SessionDatagramWriter
{
    private readonly byte[] _buffer = new byte[ChatWire.MaxDatagram];
    private IDatagramSender? _sender;

    /// <summary>Where the next body goes; write it, then call <see cref="Send"/> with its length.</summary>
    public Span<byte> Body => SecureFrame.BodyArea(_buffer);

    public void Attach(IDatagramSender sender) => _sender = sender;

    /// <summary>Seals the body in <see cref="Body"/> and sends it; false when nothing could be sent (no socket yet or the send failed).</summary>
    public bool Send(ChatSession session, ChatMessageType type, int bodyLength)
    {
        int length = SecureFrame.Seal(_buffer, type, session.Id, session.NextSequence(), bodyLength, session.Keys.ServerToClient);
        return _sender is not null && _sender.SendTo(_buffer.AsSpan(0, length), session.Peer);
    }

    /// <summary>Sends <paramref name="push"/> (its body written into <see cref="Body"/>) and counts the send.</summary>
    public void SendPush(ChatSession session, PendingPush push, long nowTicks)
    {
        int length = push.Write(Body);
        Send(session, push.Type, length);
        push.MarkSent(nowTicks);
    }

    /// <summary>Sends every push of <paramref name="pending"/> that is due at <paramref name="nowTicks"/> under <paramref name="session"/>'s RTO.</summary>
    public void SendDue<TKey, TPush>(ChatSession session, Dictionary<TKey, TPush> pending, long nowTicks)
        where TKey : notnull
        where TPush : PendingPush
    {
        TimeSpan rto = session.Retransmission.Timeout;
        foreach (TPush push in pending.Values)
        {
            if (push.IsDue(nowTicks, rto))
            {
                SendPush(session, push, nowTicks);
            }
        }
    }

    /// <summary>Seals a reply for <paramref name="session"/> whose body is already in <see cref="SecureFrame.BodyArea"/> of <paramref name="reply"/>.</summary>
    public static int SealReply(Span<byte> reply, ChatSession session, ChatMessageType type, int bodyLength) =>
        SecureFrame.Seal(reply, type, session.Id, session.NextSequence(), bodyLength, session.Keys.ServerToClient);
}
