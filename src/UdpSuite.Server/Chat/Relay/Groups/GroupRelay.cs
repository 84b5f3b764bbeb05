using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Chat.Relay.Groups;

/// <summary>
/// The group half of the relay (docs/PROTOCOL.md, "Groups"): answers GROUP_REQUESTs (the same answer again for a
/// repeated request id), commits complete GROUP_DATA submissions once into the group's log with one copy per member
/// and hands the copies to the ordinary per-recipient delivery, turns members' delivered/read receipts into
/// GROUP_RECEIPT counts for the sender (retransmitted until acknowledged, pushed again at login). Submissions, counts
/// and what the sender acknowledged are store requests of the core's open <see cref="StoreBatch"/>, finished when they
/// complete, and so are GROUP_REQUESTs (create, join, leave, rename, members, list): it never calls the store. Not thread-safe:
/// the chat handler's lock serialises it with <see cref="ChatRelay"/>.
/// </summary>
internal sealed class GroupRelay
{
    private readonly byte[] _serverSecret;
    private readonly StorePipeline _pipeline;
    private readonly SessionTable _sessions;
    private readonly SessionOutbox _outbox;
    private readonly SessionDatagramWriter _writer;
    private readonly ChatRelayLimits _limits;
    private readonly ChatCounters _counters;
    private readonly ILogger _logger;
    private readonly Action<ChatStoreException> _storeFailed;
    private readonly HashSet<(ChatSession Session, Guid RequestId)> _executing = [];

    /// <summary>The relay's groups; <paramref name="serverSecret"/> keys the invite-code hashes (read from the store once, at start).</summary>
    public GroupRelay(byte[] serverSecret, StorePipeline pipeline, SessionTable sessions, SessionOutbox outbox, SessionDatagramWriter writer, ChatRelayLimits limits, ChatCounters counters, ILogger logger, Action<ChatStoreException> storeFailed)
    {
        _serverSecret = serverSecret;
        _pipeline = pipeline;
        _sessions = sessions;
        _outbox = outbox;
        _writer = writer;
        _limits = limits;
        _counters = counters;
        _logger = logger;
        _storeFailed = storeFailed;
    }

    /// <summary>
    /// One GROUP_REQUEST: a retransmission of an answered request id gets the remembered GROUP_RESULT inline; one whose
    /// store item is still pending gets nothing now (the completion answers it, so it runs once); a malformed request or
    /// an invalid name is answered inline; every other request becomes a <see cref="GroupRequestItem"/> of the core's open
    /// store batch, answered by <see cref="Answered"/>. While the store is behind, new requests are dropped unanswered
    /// (the client resends them).
    /// </summary>
    public HandlerResult OnRequest(ChatSession session, ReadOnlySpan<byte> body, Span<byte> reply, Instant now)
    {
        bool decoded = GroupBodyCodec.TryReadRequest(body, out GroupRequestBody request, out Guid requestId);
        if (!decoded && requestId == Guid.Empty)
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        Span<byte> resultBody = SessionDatagramWriter.BodyArea(reply);
        if (session.GroupReplies.TryGet(requestId, out byte[] earlier))
        {
            _counters.Increment(GroupEvents.RepeatedRequest);
            earlier.CopyTo(resultBody);
            return SessionDatagramWriter.Reply(reply, session, ChatMessageType.GroupResult, earlier.Length, now);
        }

        if (_executing.Contains((session, requestId)))
        {
            _counters.Increment(GroupEvents.RepeatedRequest);
            return HandlerResult.NoReply; // its store item is pending: the completion answers it
        }

        int length;
        if (!decoded)
        {
            length = GroupBodyCodec.WriteResult(resultBody, requestId, body.Length > ChatWire.MessageIdLength && body[ChatWire.MessageIdLength] is >= 1 and <= 6
                ? (GroupOperation)body[ChatWire.MessageIdLength] : GroupOperation.Create, ChatErrorCode.Malformed);
        }
        else if (Refusal(request) is { } refused)
        {
            _counters.Increment(GroupEvents.Request);
            _counters.Increment(GroupEvents.RequestRefused);
            length = GroupBodyCodec.WriteResult(resultBody, requestId, request.Operation, refused);
        }
        else if (_pipeline.IsBehind)
        {
            return HandlerResult.Drop(ChatDropReasons.StoreBehind);
        }
        else
        {
            _counters.Increment(GroupEvents.Request);
            byte[]? inviteHash = request.Operation is GroupOperation.Create or GroupOperation.Join ? InviteHash(request.InviteCode) : null;
            _executing.Add((session, requestId));
            _pipeline.Open.GroupRequests.Add(new GroupRequestItem(session, request, inviteHash, now));
            return HandlerResult.NoReply;
        }

        session.GroupReplies.Remember(requestId, resultBody[..length]);
        return SessionDatagramWriter.Reply(reply, session, ChatMessageType.GroupResult, length, now);
    }

    /// <summary>
    /// A group request's store item completed: the GROUP_RESULT is remembered (a retransmission gets it again) and sent
    /// when the session is still current; a store failure is answered StoreUnavailable and not remembered, so the
    /// client's retransmission tries again once the store recovers.
    /// </summary>
    public void Answered(in GroupRequestItem item)
    {
        ChatSession session = item.Session;
        GroupRequestBody request = item.Request;
        _executing.Remove((session, request.RequestId));
        int length;
        if (item.Failure is { } failure)
        {
            _storeFailed(failure);
            length = GroupBodyCodec.WriteResult(_writer.Body, request.RequestId, request.Operation, ChatErrorCode.StoreUnavailable);
        }
        else
        {
            if (item.Status != ChatErrorCode.None)
            {
                _counters.Increment(GroupEvents.RequestRefused);
            }
            else if (request.Operation is GroupOperation.Create or GroupOperation.Join or GroupOperation.Leave or GroupOperation.Rename)
            {
                _logger.GroupChanged(request.Operation, session.User, request.Group, request.NewName);
            }

            length = GroupBodyCodec.WriteResult(_writer.Body, request.RequestId, request.Operation, item.Status, item.Entries ?? [], request.Start);
            session.GroupReplies.Remember(request.RequestId, _writer.Body[..length]);
        }

        if (_sessions.IsCurrent(session))
        {
            _writer.Send(session, ChatMessageType.GroupResult, length);
        }
    }

    /// <summary>
    /// Decides a complete GROUP_DATA submission: REJECT at once (malformed, too large, invalid group name), else a store
    /// request that commits it (see <see cref="Committed"/>).
    /// </summary>
    public void Submit(ChatSession session, Guid messageId, ushort lastIndex, byte[] envelope, Instant now)
    {
        if (!GroupEnvelopeCodec.TryDecodeSubmission(envelope, out SubmissionEnvelope submission) || !GroupWire.IsValidGroupName(submission.To))
        {
            _outbox.SendAck(session, messageId, lastIndex);
            bool tooLarge = envelope.Length > 0 && envelope.Length - 1 - envelope[0] > ChatWire.MaxTextBytes;
            _outbox.Reject(session, messageId, tooLarge ? ChatErrorCode.MessageTooLarge : ChatErrorCode.Malformed);
            return;
        }

        session.Committing.Add(messageId);
        _pipeline.Open.Submissions.Add(new SubmissionItem(session, messageId, lastIndex, submission.To, submission.Text, now, ToGroup: true));
    }

    /// <summary>
    /// A group commit completed: REJECT (unknown group, not a member, another user's message id) or ACK + RECEIPT(sent)
    /// carrying the group sequence (again, for a duplicate), then delivery to the members online; REJECT
    /// StoreUnavailable and no ACK when the store failed. A session that ended meanwhile gets nothing.
    /// </summary>
    public void Committed(in SubmissionItem item, Instant now)
    {
        ChatSession session = item.Session;
        bool live = _sessions.IsCurrent(session);
        if (_outbox.RejectIfStoreFailed(session, item.MessageId, item.Failure))
        {
            return;
        }

        if (item.Group is not { } outcome)
        {
            return; // not executed: a batch always sets one of the two
        }

        if (outcome.Status != ChatErrorCode.None || (outcome.WasDuplicate && !string.Equals(outcome.Sender, session.User, StringComparison.Ordinal)))
        {
            // Unknown group, not a member, or another user's message id (never confirm someone else's message).
            if (live)
            {
                _outbox.SendAck(session, item.MessageId, item.LastIndex);
                _outbox.Reject(session, item.MessageId, outcome.Status != ChatErrorCode.None ? outcome.Status : ChatErrorCode.Malformed);
            }

            return;
        }

        _counters.Increment(outcome.WasDuplicate ? GroupEvents.DuplicateSubmission : GroupEvents.Committed);
        if (live)
        {
            _outbox.SendAck(session, item.MessageId, item.LastIndex);
            _outbox.RememberSubmitted(session, item.MessageId);
            _outbox.QueueReceipt(session, new ReceiptBody(item.MessageId, DeliveryState.Sent, outcome.GroupSequence, outcome.CommittedAt.ToUnixTimeMilliseconds()));
            _outbox.Pump(session, now);
        }

        foreach (string member in outcome.Recipients)
        {
            _outbox.RefillUser(member);
        }

        if (item.CopySequence != 0)
        {
            _outbox.RefillUser(session.User); // the sender's copy for its other devices
        }
    }

    /// <summary>A member's copy went up (the store read the group message's <paramref name="progress"/> with it): tells the sender (when online) the new counts.</summary>
    public void OnCopyAdvanced(GroupProgress? progress, Instant now)
    {
        if (progress is null)
        {
            return;
        }

        foreach (ChatSession sender in _sessions.ReceiptAudience(progress.Sender, progress.MessageId))
        {
            if (!sender.NeedsBacklog || sender.Transient)
            {
                Queue(sender, ToReceipt(progress, now));
                Pump(sender, now);
            }
        }
    }

    /// <summary>At login (the backlog read completed): the counts of the user's group messages that rose past what it acknowledged.</summary>
    public void OnBacklog(ChatSession session, IReadOnlyList<GroupProgress> counts, Instant now)
    {
        foreach (GroupProgress progress in counts)
        {
            Queue(session, ToReceipt(progress, now));
        }

        Pump(session, now);
    }

    /// <summary>Handles an ACK that confirms a GROUP_RECEIPT (index 0x8000 + progress); false for any other ACK.</summary>
    public bool TryAcknowledge(ChatSession session, in AckBody ack)
    {
        if (!GroupWire.TryGetGroupReceiptAckProgress(ack.Index, out int progress))
        {
            return false;
        }

        if (session.GroupReceipts.TryGetValue(ack.MessageId, out PendingGroupReceipt? pending) && pending.Acknowledge(progress))
        {
            session.GroupReceipts.Remove(ack.MessageId);
            _pipeline.Open.Notified.Add(new NotifiedItem(ack.MessageId, default, pending.Body.Progress)); // failure is not fatal: pushed again at the next login
        }

        return true;
    }

    /// <summary>Sends every GROUP_RECEIPT of <paramref name="session"/> that is due.</summary>
    public void Pump(ChatSession session, Instant now)
    {
        if (session.GroupReceipts.Count == 0)
        {
            return;
        }

        _writer.SendDue(session, session.GroupReceipts, now.ToUnixTimeTicks());
    }

    /// <summary>Queues counts for <paramref name="session"/>; when the table is full the store still has them as unacknowledged, and they are pushed at the next login.</summary>
    private void Queue(ChatSession session, GroupReceiptBody body) =>
        session.GroupReceipts.Queue(body.MessageId, body, _limits.MaxPendingReceipts, static b => new PendingGroupReceipt(b));

    private static GroupReceiptBody ToReceipt(GroupProgress progress, Instant now) =>
        new(progress.MessageId, progress.GroupSequence, (ushort)progress.Members, (ushort)progress.Delivered, (ushort)progress.Read, now.ToUnixTimeMilliseconds());

    /// <summary>The answer decided without the store: an invalid group name (BadGroupName, or UnknownGroup for JOIN) or invite code; null when the store decides.</summary>
    private static ChatErrorCode? Refusal(GroupRequestBody request) => request.Operation switch
    {
        GroupOperation.Create when !ChatNames.IsCanonical(request.Group) || !GroupWire.IsValidInviteCode(request.InviteCode) => ChatErrorCode.BadGroupName,
        GroupOperation.Join when !GroupWire.IsValidGroupName(request.Group) => ChatErrorCode.UnknownGroup,
        GroupOperation.Rename when !ChatNames.IsCanonical(request.NewName) => ChatErrorCode.BadGroupName,
        _ => null,
    };

    /// <summary>Invite codes are kept as HMAC-SHA256(server secret, code), never in clear; null for "no code".</summary>
    private byte[]? InviteHash(string code) =>
        code.Length == 0 ? null : HMACSHA256.HashData(_serverSecret, Encoding.UTF8.GetBytes(code));
}
