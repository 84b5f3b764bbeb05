using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Chat.Relay.Accounts;

/// <summary>
/// What a user's sessions do about each other (docs/PROTOCOL.md, "Sessions and devices"): SESSIONS_LIST and SESSION_END
/// (answered by REPLY; a resent request id gets the remembered REPLY), HISTORY_REQUEST (a store item; the page goes out as
/// HISTORY_DATA fragments, retransmitted until acknowledged), and READ_SYNC pushes to a user's other receiving sessions,
/// retransmitted until ACK(id, 0xFE03). Numbered requests share the session's last-request memory with presence and
/// contact requests (one id sequence per client). Not thread-safe: the chat handler's lock.
/// </summary>
internal sealed class AccountSessionsRelay
{
    private readonly SessionTable _sessions;
    private readonly StorePipeline _pipeline;
    private readonly ChatRelayLimits _limits;
    private readonly SessionDatagramWriter _writer;
    private readonly Action<ChatSession, Instant> _endSession;
    private readonly Action<ChatStoreException> _storeFailed;
    private readonly List<SessionInfo> _listed = [];

    /// <summary>
    /// The relay over <paramref name="sessions"/>; history reads are items of <paramref name="pipeline"/>'s open batch,
    /// datagrams go out through <paramref name="writer"/>, and <paramref name="endSession"/> ends a session as if it had
    /// timed out (presence, channel, counters): SESSION_END's effect. Store failures go to <paramref name="storeFailed"/>;
    /// <paramref name="limits"/> bounds the READ_SYNCs waiting per session.
    /// </summary>
    public AccountSessionsRelay(
        SessionTable sessions, StorePipeline pipeline, ChatRelayLimits limits, SessionDatagramWriter writer, Action<ChatSession, Instant> endSession, Action<ChatStoreException> storeFailed)
    {
        _sessions = sessions;
        _pipeline = pipeline;
        _limits = limits;
        _writer = writer;
        _endSession = endSession;
        _storeFailed = storeFailed;
    }

    /// <summary>Whether <paramref name="type"/> is one of this relay's requests.</summary>
    public static bool Handles(ChatMessageType type) =>
        type is ChatMessageType.SessionsList or ChatMessageType.SessionEnd or ChatMessageType.HistoryRequest;

    /// <summary>Handles SESSIONS_LIST, SESSION_END or HISTORY_REQUEST from <paramref name="session"/>.</summary>
    public HandlerResult Handle(ChatMessageType type, ChatSession session, ReadOnlySpan<byte> body, Instant now)
    {
        if (body.Length < 4)
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        uint requestId = BinaryPrimitives.ReadUInt32BigEndian(body);
        if (requestId != 0 && requestId == session.Presence.LastRequestId && type != ChatMessageType.HistoryRequest)
        {
            Send(session, session.Presence.LastReply); // the REPLY was lost: the same one again
            return HandlerResult.NoReply;
        }

        return type switch
        {
            ChatMessageType.SessionsList => List(session, body, now),
            ChatMessageType.SessionEnd => End(session, body, now),
            _ => History(session, body),
        };
    }

    /// <summary>Queues a READ_SYNC of <paramref name="sync"/> for every receiving session of <paramref name="user"/> but <paramref name="except"/>.</summary>
    public void ReadElsewhere(string user, ChatSession? except, in ReadSyncBody sync, Instant now)
    {
        foreach (ChatSession other in _sessions.ReceivingSessionsOf(user))
        {
            if (!ReferenceEquals(other, except))
            {
                other.ReadSyncs.Queue(sync.MessageId, sync, _limits.MaxPendingReceipts, static b => new PendingReadSync(b));
                Pump(other, now);
            }
        }
    }

    /// <summary>At login: READ_SYNC for what was read on the user's other devices since this device's last session ended.</summary>
    public void CatchUp(ChatSession session, IReadOnlyList<StoredMessage> read, Instant now)
    {
        foreach (StoredMessage message in read)
        {
            var sync = new ReadSyncBody(message.MessageId, message.InboxSequence, message.StateChangedAt.ToUnixTimeMilliseconds());
            session.ReadSyncs.Queue(sync.MessageId, sync, _limits.MaxPendingReceipts, static b => new PendingReadSync(b));
        }

        Pump(session, now);
    }

    /// <summary>Takes an ACK of a READ_SYNC or of a HISTORY_DATA fragment; false for any other ACK.</summary>
    public static bool TryAcknowledge(ChatSession session, in AckBody ack, Instant now)
    {
        if (ack.Index == SessionsCodec.ReadSyncAckIndex)
        {
            session.ReadSyncs.Remove(ack.MessageId);
            return true;
        }

        if (session.History is { } history && history.Page.Id == ack.MessageId)
        {
            if (history.Page.Acknowledge(ack.Index, now.ToUnixTimeTicks()) is { } sample)
            {
                session.Retransmission.Sample(sample);
            }

            return true;
        }

        return false;
    }

    /// <summary>Sends the READ_SYNCs and history fragments of <paramref name="session"/> that are due.</summary>
    public void Pump(ChatSession session, Instant now)
    {
        long nowTicks = now.ToUnixTimeTicks();
        if (session.ReadSyncs.Count > 0)
        {
            _writer.SendDue(session, session.ReadSyncs, nowTicks);
        }

        if (session.History is not { } history || history.Page.IsComplete)
        {
            return;
        }

        OutboundMessage page = history.Page;
        TimeSpan rto = session.Retransmission.Timeout;
        for (int index = 0; index < page.FragmentCount; index++)
        {
            if (page.IsDue(index, nowTicks, rto))
            {
                int length = SessionBodyCodec.WriteData(_writer.Body, page.Id, (ushort)index, (ushort)page.FragmentCount, page.Fragment(index));
                _writer.Send(session, ChatMessageType.HistoryData, length);
                page.MarkSent(index, nowTicks);
            }
        }
    }

    /// <summary>A history page was read: sent as HISTORY_DATA when the session is still current and still wants it.</summary>
    public void Completed(in HistoryItem item, Instant now)
    {
        ChatSession session = item.Session;
        if (session.HistoryPending == item.Request.RequestId)
        {
            session.HistoryPending = 0;
        }

        if (!_sessions.IsCurrent(session) || item.Request.RequestId < (session.History?.RequestId ?? 0))
        {
            return;
        }

        StoredHistoryPage stored;
        if (item.Failure is { } failure)
        {
            _storeFailed(failure);
            stored = StoredHistoryPage.Refused(ChatErrorCode.StoreUnavailable);
        }
        else
        {
            stored = item.Page ?? StoredHistoryPage.Refused(ChatErrorCode.StoreUnavailable);
        }

        byte[] envelope = SessionsCodec.EncodeHistoryPage(new HistoryPage(item.Request.RequestId, stored.Code, stored.NextBefore, stored.Entries));
        session.History = new HistoryAnswer(item.Request.RequestId, new OutboundMessage(Guid.NewGuid(), envelope));
        Pump(session, now);
    }

    private HandlerResult History(ChatSession session, ReadOnlySpan<byte> body)
    {
        if (!SessionsCodec.TryReadHistoryRequest(body, out HistoryRequestBody request))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        // One in flight: a resend of the request being read or answered is not run again, an older one is dropped.
        uint latest = Math.Max(session.HistoryPending, session.History?.RequestId ?? 0);
        if (request.RequestId <= latest)
        {
            return HandlerResult.NoReply;
        }

        if (_pipeline.IsBehind)
        {
            return HandlerResult.Drop(ChatDropReasons.StoreBehind); // unanswered: the client resends it
        }

        session.HistoryPending = request.RequestId;
        _pipeline.Open.Histories.Add(new HistoryItem(session, request));
        return HandlerResult.NoReply;
    }

    private HandlerResult List(ChatSession session, ReadOnlySpan<byte> body, Instant now)
    {
        if (!SessionsCodec.TryReadSessionsList(body, out SessionsListBody list))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        _listed.Clear();
        foreach (ChatSession other in _sessions.SessionsOf(session.User))
        {
            IPAddress template = other.Peer.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            var address = (IPEndPoint)new IPEndPoint(template, 0).Create(other.Peer);
            long idle = Math.Clamp((long)(now - other.LastActivity).TotalMilliseconds, 0, uint.MaxValue);
            _listed.Add(new SessionInfo(
                other.Id, other.Transient, ReferenceEquals(other, session), other.Device.DeviceId, other.Device.Name, address,
                other.OpenedAt.ToUnixTimeMilliseconds(), (uint)idle));
        }

        int length = SessionsCodec.WriteSessionsPage(_writer.Body, list.RequestId, _listed, list.Offset);
        Remember(session, list.RequestId, length);
        return HandlerResult.NoReply;
    }

    private HandlerResult End(ChatSession session, ReadOnlySpan<byte> body, Instant now)
    {
        if (!SessionsCodec.TryReadSessionEnd(body, out SessionEndBody end))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        // Another user's session id is as unknown as one that never existed.
        bool found = _sessions.TryGet(end.SessionId, out ChatSession target) && string.Equals(target.User, session.User, StringComparison.Ordinal);
        int length = PresenceCodec.WriteReply(_writer.Body, new ReplyHeader(end.RequestId, found ? ChatErrorCode.None : ChatErrorCode.UnknownSession));
        Remember(session, end.RequestId, length); // before the end: ending the asking session itself sends its REPLY last
        if (found)
        {
            _endSession(target, now);
        }

        return HandlerResult.NoReply;
    }

    /// <summary>Remembers the REPLY in <see cref="SessionDatagramWriter.Body"/> for a resent request id, then sends it.</summary>
    private void Remember(ChatSession session, uint requestId, int length)
    {
        if (requestId >= session.Presence.LastRequestId)
        {
            session.Presence.Remember(requestId, _writer.Body[..length]);
        }

        _writer.Send(session, ChatMessageType.Reply, length);
    }

    private void Send(ChatSession session, ReadOnlySpan<byte> body)
    {
        body.CopyTo(_writer.Body);
        _writer.Send(session, ChatMessageType.Reply, body.Length);
    }
}
