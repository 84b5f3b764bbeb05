using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.RateLimit;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Chat.Relay;

// DATA and GROUP_DATA fragments up to a complete submission, its commit as a store item, and what the commit
// outcome sends: the ACK of the completing fragment and RECEIPT(sent) or REJECT, the delivery, the sender's copy.
internal sealed partial class ChatRelay
{
    /// <summary>DATA (1:1) and GROUP_DATA (<paramref name="toGroup"/>): the same fragments and ACKs; only the complete submission goes to a different place.</summary>
    private HandlerResult OnData(ChatSession session, ReadOnlySpan<byte> body, Span<byte> reply, Instant now, bool toGroup = false)
    {
        // Per-account limit (Chat/RateLimit): over it, the fragment is dropped unacknowledged, so the client resends it later.
        if (_rateLimiter?.AdmitData(session.User, now) is { } verdict && verdict.Verdict != ChatRateVerdict.Allow)
        {
            return verdict.Verdict == ChatRateVerdict.Notify
                ? SlowDown(reply, session, verdict, now)
                : HandlerResult.Drop(ChatRateLimitDropReasons.Account);
        }

        if (!SessionBodyCodec.TryReadData(body, out DataFragment fragment))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        var messageId = new Guid(fragment.MessageId, bigEndian: true);
        if (session.Committing.Contains(messageId))
        {
            return HandlerResult.NoReply; // a resent fragment of a submission being committed: the completion answers it
        }

        if (_store.IsBehind)
        {
            return HandlerResult.Drop(ChatDropReasons.StoreBehind); // unacknowledged: the client resends it
        }

        byte[]? envelope = session.Reassembler.Add(messageId, fragment.Index, fragment.Count, fragment.Chunk);
        if (envelope is null)
        {
            int length = SessionBodyCodec.WriteAck(SessionDatagramWriter.BodyArea(reply), new AckBody(messageId, fragment.Index));
            return SessionDatagramWriter.Reply(reply, session, ChatMessageType.Ack, length, now);
        }

        // The last fragment: its ACK leaves before the RECEIPT or REJECT it leads to, and not at all when the store fails.
        if (toGroup)
        {
            _groups.Submit(session, messageId, fragment.Index, envelope, now);
        }
        else
        {
            Submit(session, messageId, fragment.Index, envelope, now);
        }

        return HandlerResult.NoReply;
    }

    /// <summary>
    /// Decides a complete submission: REJECT at once (too large, malformed, invalid recipient name), else a store request
    /// that checks the recipient and commits (see <see cref="Committed"/>). The completing fragment is acknowledged with
    /// the answer.
    /// </summary>
    private void Submit(ChatSession session, Guid messageId, ushort lastIndex, byte[] envelope, Instant now)
    {
        if (!EnvelopeCodec.TryDecodeSubmission(envelope, out SubmissionEnvelope submission))
        {
            _outbox.SendAck(session, messageId, lastIndex);
            _outbox.Reject(session, messageId, IsTextTooLarge(envelope) ? ChatErrorCode.MessageTooLarge : ChatErrorCode.Malformed);
            return;
        }

        if (!ChatUserName.IsValid(submission.To))
        {
            _outbox.SendAck(session, messageId, lastIndex);
            _outbox.Reject(session, messageId, ChatErrorCode.UnknownRecipient);
            return;
        }

        session.Committing.Add(messageId);
        _store.Open.Submissions.Add(new SubmissionItem(session, messageId, lastIndex, submission.To, submission.Text, now, ToGroup: false));
    }

    /// <summary>
    /// A 1:1 commit completed: ACK + RECEIPT(sent) (again, with the stored sequence, for a duplicate), REJECT
    /// UnknownRecipient, or — the store failed — REJECT StoreUnavailable and no ACK; then the recipient's deliveries.
    /// </summary>
    private void Committed(in SubmissionItem item, Instant now)
    {
        ChatSession session = item.Session;
        bool live = _sessions.IsCurrent(session);
        if (_outbox.RejectIfStoreFailed(session, item.MessageId, item.Failure))
        {
            return;
        }

        if (item.Status != ChatErrorCode.None || item.Direct is not { } outcome)
        {
            if (live)
            {
                _outbox.SendAck(session, item.MessageId, item.LastIndex);
                _outbox.Reject(session, item.MessageId, item.Status);
            }

            return;
        }

        StoredMessage message = outcome.Message;
        bool foreign = outcome.WasDuplicate && !string.Equals(message.Sender, session.User, StringComparison.Ordinal);
        if (!foreign)
        {
            _counters.Increment(outcome.WasDuplicate ? ChatEvents.DuplicateSubmission : ChatEvents.Committed);
        }

        if (live)
        {
            _outbox.SendAck(session, item.MessageId, item.LastIndex);
            if (foreign)
            {
                // Another user's message id: never confirm someone else's message.
                _outbox.Reject(session, item.MessageId, ChatErrorCode.Malformed);
                return;
            }

            _outbox.RememberSubmitted(session, item.MessageId);
            _outbox.QueueReceipt(session, new ReceiptBody(item.MessageId, DeliveryState.Sent, message.InboxSequence, message.CommittedAt.ToUnixTimeMilliseconds()));
            _outbox.Pump(session, now);
        }

        if (!outcome.WasDuplicate)
        {
            _outbox.RefillUser(message.Recipient);
        }

        if (item.CopySequence != 0)
        {
            _outbox.RefillUser(session.User); // the copy for the sender's other devices
        }
    }


    /// <summary>True when the envelope's text part (after the recipient name) is longer than the protocol allows.</summary>
    private static bool IsTextTooLarge(byte[] envelope) =>
        envelope.Length > 0 && envelope.Length - 1 - envelope[0] > ChatWire.MaxTextBytes;
}
