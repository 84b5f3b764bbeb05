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
/// complete; GROUP_REQUESTs (create, join, leave, rename, members, list) still call the store synchronously. Not thread-safe:
/// the chat handler's lock serialises it with <see cref="ChatRelay"/>.
/// </summary>
internal sealed class GroupRelay
{
    private readonly IChatStore _store;
    private readonly StorePipeline _pipeline;
    private readonly SessionTable _sessions;
    private readonly SessionOutbox _outbox;
    private readonly SessionDatagramWriter _writer;
    private readonly ChatRelayLimits _limits;
    private readonly ChatCounters _counters;
    private readonly ILogger _logger;
    private readonly Action<ChatStoreException> _storeFailed;

    public GroupRelay(IChatStore store, StorePipeline pipeline, SessionTable sessions, SessionOutbox outbox, SessionDatagramWriter writer, ChatRelayLimits limits, ChatCounters counters, ILogger logger, Action<ChatStoreException> storeFailed)
    {
        _store = store;
        _pipeline = pipeline;
        _sessions = sessions;
        _outbox = outbox;
        _writer = writer;
        _limits = limits;
        _counters = counters;
        _logger = logger;
        _storeFailed = storeFailed;
    }

    /// <summary>Answers one GROUP_REQUEST inline with a GROUP_RESULT sealed into <paramref name="reply"/>.</summary>
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

        int length;
        if (!decoded)
        {
            length = GroupBodyCodec.WriteResult(resultBody, requestId, body.Length > ChatWire.MessageIdLength && body[ChatWire.MessageIdLength] is >= 1 and <= 6
                ? (GroupOperation)body[ChatWire.MessageIdLength] : GroupOperation.Create, ChatErrorCode.Malformed);
        }
        else
        {
            try
            {
                length = Execute(session, request, resultBody, now);
            }
            catch (ChatStoreException ex)
            {
                // Not remembered: the client's retransmission tries again once the store recovers.
                _storeFailed(ex);
                length = GroupBodyCodec.WriteResult(resultBody, requestId, request.Operation, ChatErrorCode.StoreUnavailable);
                return SessionDatagramWriter.Reply(reply, session, ChatMessageType.GroupResult, length, now);
            }
        }

        session.GroupReplies.Remember(requestId, resultBody[..length]);
        return SessionDatagramWriter.Reply(reply, session, ChatMessageType.GroupResult, length, now);
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
        if (item.Failure is { } failure)
        {
            _storeFailed(failure);
            if (live)
            {
                _outbox.Reject(session, item.MessageId, ChatErrorCode.StoreUnavailable);
            }

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
            _outbox.QueueReceipt(session, new ReceiptBody(item.MessageId, DeliveryState.Sent, outcome.GroupSequence, outcome.CommittedAt.ToUnixTimeMilliseconds()));
            _outbox.Pump(session, now);
        }

        foreach (string member in outcome.Recipients)
        {
            if (_sessions.FindUser(member) is { NeedsBacklog: false } recipient)
            {
                _outbox.Refill(recipient);
            }
        }
    }

    /// <summary>A member's copy went up (the store read the group message's <paramref name="progress"/> with it): tells the sender (when online) the new counts.</summary>
    public void OnCopyAdvanced(GroupProgress? progress, Instant now)
    {
        if (progress is not null && _sessions.FindUser(progress.Sender) is { NeedsBacklog: false } sender)
        {
            Queue(sender, ToReceipt(progress, now));
            Pump(sender, now);
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

    private int Execute(ChatSession session, GroupRequestBody request, Span<byte> result, Instant now)
    {
        _counters.Increment(GroupEvents.Request);
        ChatErrorCode status;
        IReadOnlyList<GroupEntry> entries = [];
        string user = session.User;
        switch (request.Operation)
        {
            case GroupOperation.Create:
                status = !GroupWire.IsValidGroupName(request.Group) || !GroupWire.IsValidInviteCode(request.InviteCode)
                    ? ChatErrorCode.BadGroupName
                    : _store.CreateGroup(request.Group, user, InviteHash(request.InviteCode), now);
                break;
            case GroupOperation.Join:
                status = !GroupWire.IsValidGroupName(request.Group) ? ChatErrorCode.UnknownGroup : _store.JoinGroup(request.Group, user, InviteHash(request.InviteCode), now);
                break;
            case GroupOperation.Leave:
                status = _store.LeaveGroup(request.Group, user);
                break;
            case GroupOperation.Rename:
                status = !GroupWire.IsValidGroupName(request.NewName) ? ChatErrorCode.BadGroupName : _store.RenameGroup(request.Group, request.NewName, user);
                break;
            case GroupOperation.Members:
                IReadOnlyList<GroupEntry>? members = _store.GroupMembers(request.Group);
                status = members is null ? ChatErrorCode.UnknownGroup
                    : !members.Any(m => string.Equals(m.Name, user, StringComparison.Ordinal)) ? ChatErrorCode.NotGroupMember
                    : ChatErrorCode.None;
                entries = status == ChatErrorCode.None ? members! : [];
                break;
            default: // List
                entries = _store.GroupsOf(user);
                status = ChatErrorCode.None;
                break;
        }

        if (status != ChatErrorCode.None)
        {
            _counters.Increment(GroupEvents.RequestRefused);
        }
        else if (request.Operation is GroupOperation.Create or GroupOperation.Join or GroupOperation.Leave or GroupOperation.Rename)
        {
            _logger.GroupChanged(request.Operation, user, request.Group, request.NewName);
        }

        return GroupBodyCodec.WriteResult(result, request.RequestId, request.Operation, status, entries, request.Start);
    }

    /// <summary>Invite codes are kept as HMAC-SHA256(server secret, code), never in clear; null for "no code".</summary>
    private byte[]? InviteHash(string code) =>
        code.Length == 0 ? null : HMACSHA256.HashData(_store.ServerSecret(), Encoding.UTF8.GetBytes(code));
}
