using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Sessions.Devices;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Relay;

/// <summary>
/// What the server sends a session on its own: deliveries (the entries of its user's log above its device's cursor,
/// read from the store in log order, at most
/// <see cref="ChatRelayLimits.MaxDeliveriesInFlight"/> in flight, retransmitted fragment by fragment with the session's
/// RTO), receipts until acknowledged, ACKs and REJECTs. Reads from the store are store requests (<see cref="ReadItem"/>):
/// at most one per session in flight (so two reads never queue the same message twice), another one asked for
/// meanwhile is issued when it completes. Every receiving session of a user is sent the user's log (docs/PROTOCOL.md,
/// "The user's log and each device's cursor"); the sessions of one device share its <see cref="DeviceConfirmations"/>,
/// so an entry one of them confirmed is not sent to another, and a device never gets the copies of what it sent.
/// Transient sessions are sent no deliveries. Not thread-safe: used under the chat handler's lock.
/// </summary>
internal sealed class SessionOutbox
{
    private readonly StorePipeline _store;
    private readonly SessionTable _sessions;
    private readonly ChatRelayLimits _limits;
    private readonly ChatCounters _counters;
    private readonly SessionDatagramWriter _writer;
    private readonly Action<ChatStoreException> _storeFailed;
    private readonly Dictionary<(string User, ulong Device), DeviceConfirmations> _devices = [];

    public SessionOutbox(StorePipeline store, SessionTable sessions, ChatRelayLimits limits, ChatCounters counters, SessionDatagramWriter writer, Action<ChatStoreException> storeFailed)
    {
        _store = store;
        _sessions = sessions;
        _sessions.Removed += Forget;
        _limits = limits;
        _counters = counters;
        _writer = writer;
        _storeFailed = storeFailed;
    }

    /// <summary>
    /// After login: asks the store for the undelivered messages (in inbox order) and every receipt state and group count
    /// the user has not acknowledged as a sender; <see cref="ChatSession.NeedsBacklog"/> stays set until it completes
    /// (a failed read is asked again on the next tick).
    /// </summary>
    public void LoadBacklog(ChatSession session, Instant now)
    {
        if (session.ReadPending || session.Transient)
        {
            return;
        }

        session.ReadPending = true;
        _store.Open.Reads.Add(new ReadItem(session, ReadAfter(session), Room(session), Backlog: true, _limits.MaxPendingReceipts, now));
    }

    /// <summary>Tops up every receiving session of <paramref name="user"/> that has loaded its backlog (a new entry in the user's log).</summary>
    public void RefillUser(string user)
    {
        foreach (ChatSession session in _sessions.ReceivingSessionsOf(user))
        {
            if (!session.NeedsBacklog)
            {
                Refill(session);
            }
        }
    }

    /// <summary>
    /// A session of <paramref name="session"/>'s device confirmed log entry <paramref name="sequence"/> (RECEIPT delivered or
    /// read): the device's cursor moves when the entry closes a gap, and the store records the new cursor.
    /// </summary>
    public void Confirm(ChatSession session, ulong sequence, Instant now)
    {
        if (sequence == 0 || session.Transient || !_devices.TryGetValue((session.User, session.Device.DeviceId), out DeviceConfirmations? device))
        {
            return;
        }

        if (device.Confirm(sequence))
        {
            _store.Open.Cursors.Add(new DeviceCursorItem(session.User, session.Device.DeviceId, device.Cursor, Ended: false, now));
        }
    }

    /// <summary>Tops the recipient's deliveries in flight up from the store, in inbox order (a store request; see <see cref="OnRead"/>).</summary>
    public void Refill(ChatSession session)
    {
        int room = Room(session);
        if (room <= 0 || session.Transient)
        {
            return;
        }

        if (session.ReadPending)
        {
            session.ReadWanted = true; // asked again when the read in flight completes
            return;
        }

        session.ReadPending = true;
        _store.Open.Reads.Add(new ReadItem(session, ReadAfter(session), room, Backlog: false, 0, _writer.Now));
    }

    /// <summary>
    /// A read completed: queues what it found for its session — unless that session ended or was replaced meanwhile (the
    /// messages stay undelivered in the store for the next login) — and pumps it. Returns false when nothing was queued.
    /// </summary>
    public bool OnRead(in ReadItem read, Instant now)
    {
        ChatSession session = read.Session;
        session.ReadPending = false;
        if (!_sessions.IsCurrent(session))
        {
            return false;
        }

        if (read.Failure is { } failure)
        {
            _storeFailed(failure); // a backlog is asked again on the next tick; a refill at the next ACK or commit
            session.ReadWanted = false;
            return false;
        }

        if (read.UnnotifiedReceipts is { } receipts)
        {
            foreach (StoredMessage message in receipts)
            {
                QueueReceipt(session, new ReceiptBody(message.MessageId, message.State, message.InboxSequence, message.StateChangedAt.ToUnixTimeMilliseconds()));
            }
        }

        if (read.Backlog)
        {
            session.NeedsBacklog = false;
        }

        var key = (session.User, session.Device.DeviceId);
        if (read.DeviceCursor is { } cursor && !_devices.ContainsKey(key))
        {
            _devices[key] = new DeviceConfirmations(cursor); // a second session of a device online keeps the one in memory (ahead of the store)
        }

        DeviceConfirmations? device = _devices.GetValueOrDefault(key);
        IReadOnlyList<LogEntry> next = read.Entries ?? [];
        foreach (LogEntry entry in next)
        {
            session.ReadThrough = Math.Max(session.ReadThrough, entry.Sequence);
            if (entry.Sequence <= session.Deliveries.HighestQueued || device?.Has(entry.Sequence) == true)
            {
                continue; // queued already, or another session of this device confirmed it
            }

            if (entry.IsCopy && entry.OriginDevice == session.Device.DeviceId)
            {
                Confirm(session, entry.Sequence, now); // the copy of what this device sent: it has it
                continue;
            }

            StoredMessage message = entry.Message;
            ulong previous = session.Deliveries.PreviousUnconfirmed(entry.Sequence);
            var delivery = new DeliveryEnvelope(entry.Sequence, previous, message.CommittedAt.ToUnixTimeMilliseconds(), message.Sender, message.Recipient, message.Text)
            {
                Group = message.Group,
            };
            (byte[] envelope, ChatMessageType type) = delivery.Group is null
                ? (EnvelopeCodec.EncodeDelivery(delivery), ChatMessageType.Data)
                : (GroupEnvelopeCodec.EncodeDelivery(delivery), ChatMessageType.GroupData); // a group copy: a member's, or the sender's own
            session.Deliveries.Add(new InFlightDelivery(entry.Sequence, new OutboundMessage(message.MessageId, envelope), type));
        }

        // More may wait: the read was full, or room opened (or a commit arrived) while it was in flight.
        if (session.ReadWanted || next.Count == read.Room)
        {
            session.ReadWanted = false;
            Refill(session);
        }

        Pump(session, now);
        return true;
    }

    /// <summary>Sends every fragment and receipt of <paramref name="session"/> that is due at <paramref name="now"/>.</summary>
    public void Pump(ChatSession session, Instant now)
    {
        long nowTicks = now.ToUnixTimeTicks();
        TimeSpan rto = session.Retransmission.Timeout;
        foreach (InFlightDelivery delivery in session.Deliveries.InOrder)
        {
            OutboundMessage outbound = delivery.Outbound;
            for (int index = 0; index < outbound.FragmentCount; index++)
            {
                if (!outbound.IsDue(index, nowTicks, rto))
                {
                    continue;
                }

                if (outbound.MaxSends > 0)
                {
                    _counters.Increment(ChatEvents.Retransmitted);
                }

                int length = SessionBodyCodec.WriteData(_writer.Body, outbound.Id, (ushort)index, (ushort)outbound.FragmentCount, outbound.Fragment(index));
                _writer.Send(session, delivery.Type, length);
                outbound.MarkSent(index, nowTicks);
            }
        }

        _writer.SendDue(session, session.Receipts, nowTicks);
    }

    /// <summary>Queues a receipt for <paramref name="session"/>; when the table is full the store still has it as unacknowledged, and it is pushed at the next login.</summary>
    public void QueueReceipt(ChatSession session, ReceiptBody body) =>
        session.Receipts.Queue(body.MessageId, body, _limits.MaxPendingReceipts, static b => new PendingReceipt(b));

    /// <summary>
    /// A transient session's submission was committed: remember it (bounded) so that session, and no other transient
    /// one, hears its delivered and read receipts.
    /// </summary>
    public void RememberSubmitted(ChatSession session, Guid messageId)
    {
        if (session.Transient && session.Submitted.Count < _limits.MaxPendingReceipts)
        {
            session.Submitted.Add(messageId);
        }
    }

    /// <summary>A sealed ACK of fragment <paramref name="index"/> of <paramref name="messageId"/>.</summary>
    public void SendAck(ChatSession session, Guid messageId, ushort index)
    {
        int length = SessionBodyCodec.WriteAck(_writer.Body, new AckBody(messageId, index));
        _writer.Send(session, ChatMessageType.Ack, length);
    }

    /// <summary>
    /// When <paramref name="failure"/> is set, a store item of <paramref name="session"/> for <paramref name="messageId"/>
    /// failed: the failure is reported, and the session, if still current, gets REJECT StoreUnavailable (no ACK went out,
    /// so its client sends again). True when it failed: the caller has nothing more to do for the item.
    /// </summary>
    public bool RejectIfStoreFailed(ChatSession session, Guid messageId, ChatStoreException? failure)
    {
        if (failure is null)
        {
            return false;
        }

        _storeFailed(failure);
        if (_sessions.IsCurrent(session))
        {
            Reject(session, messageId, ChatErrorCode.StoreUnavailable);
        }

        return true;
    }

    /// <summary>A sealed REJECT of <paramref name="messageId"/> for <paramref name="code"/>.</summary>
    public void Reject(ChatSession session, Guid messageId, ChatErrorCode code)
    {
        _counters.Increment(ChatEvents.Rejected);
        int length = SessionBodyCodec.WriteReject(_writer.Body, new RejectBody(messageId, code));
        _writer.Send(session, ChatMessageType.Reject, length);
    }

    private int Room(ChatSession session) => _limits.MaxDeliveriesInFlight - session.Deliveries.Count;

    /// <summary>Where the next read of <paramref name="session"/>'s log starts: above everything queued or skipped.</summary>
    private static ulong ReadAfter(ChatSession session) => Math.Max(session.ReadThrough, session.Deliveries.HighestQueued);

    /// <summary>
    /// A session left: when it was its device's last one, the device's confirmations leave memory (the store has the
    /// cursor) and the store notes when the device went away (read sync catches up from there at its next login).
    /// </summary>
    private void Forget(ChatSession session)
    {
        if (session.Transient || _sessions.DeviceStillOnline(session))
        {
            return;
        }

        var key = (session.User, session.Device.DeviceId);
        if (_devices.Remove(key, out DeviceConfirmations? device))
        {
            _store.Open.Cursors.Add(new DeviceCursorItem(session.User, session.Device.DeviceId, device.Cursor, Ended: true, _writer.Now));
        }
    }
}
