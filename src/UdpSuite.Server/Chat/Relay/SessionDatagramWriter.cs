using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Chat.Relay;

/// <summary>
/// Seals server-to-client messages of a session (the session's channel: next packet number, ChaCha20-Poly1305 with the
/// server's sending key) in one reusable 1200-byte buffer and appends them to the core's <see cref="ChatActions"/>,
/// addressed to the session's validated address; the I/O shell sends them through the one exit. Not thread-safe: used
/// under the relay's lock.
/// </summary>
internal sealed class SessionDatagramWriter(ChatActions actions)
{
    private readonly byte[] _buffer = new byte[ChatWire.MaxDatagram];
    private Instant _now;

    /// <summary>Where the next body goes; write it, then call <see cref="Send"/> with its length.</summary>
    public Span<byte> Body => BodyArea(_buffer);

    /// <summary>The time sends are sealed at (key renewal counts it); the chat handler sets it per datagram and tick.</summary>
    public void SetTime(Instant now) => _now = now;

    /// <summary>The time last set with <see cref="SetTime"/> (what store items issued meanwhile are stamped with).</summary>
    public Instant Now => _now;

    /// <summary>Seals the body in <see cref="Body"/> and queues it for the session's validated address; false when the session's keys are used up (nothing queued).</summary>
    public bool Send(ChatSession session, ChatMessageType type, int bodyLength)
    {
        int length = Seal(_buffer, session, type, bodyLength, _now);
        if (length == 0)
        {
            return false;
        }

        actions.ToValidatedSession(_buffer.AsSpan(0, length), session.Peer);
        return true;
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

    /// <summary>Where a reply body goes inside a datagram buffer, to be sealed there by <see cref="Reply"/>.</summary>
    public static Span<byte> BodyArea(Span<byte> datagram) => SealedSession.BodyArea(datagram);

    /// <summary>
    /// Seals a reply for <paramref name="session"/> whose body is already in <see cref="BodyArea"/> of
    /// <paramref name="reply"/>; nothing to send when the session's keys are used up (it then logs in again).
    /// </summary>
    public static HandlerResult Reply(Span<byte> reply, ChatSession session, ChatMessageType type, int bodyLength, Instant now)
    {
        int length = Seal(reply, session, type, bodyLength, now);
        return length > 0 ? HandlerResult.Reply(length) : HandlerResult.NoReply;
    }

    private static int Seal(Span<byte> datagram, ChatSession session, ChatMessageType type, int bodyLength, Instant now)
    {
        SealResult result = session.Channel.SealInPlace((byte)type, bodyLength, ChannelTime.Of(now), datagram);
        return result.IsSealed ? result.Length : 0;
    }
}
