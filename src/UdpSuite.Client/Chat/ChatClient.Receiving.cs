using System.Net.Sockets;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Client.Chat;

/// <summary>The receive loop: every datagram is opened by its channel (drops are counted), then DATA is reassembled and released in order (acknowledged in full once the application confirms it), ACKs and RECEIPTs update what was sent.</summary>
public sealed partial class ChatClient
{
    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[ReceiveBufferLength];
        CancellationToken token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP port unreachable while the server is down, or an oversized datagram: keep listening; deadlines report the outage.
                continue;
            }

            if (length > ChannelWire.MaxDatagram)
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }

            Handle(buffer.AsSpan(0, length));
        }
    }

    private void Handle(ReadOnlySpan<byte> datagram)
    {
        // Version 2 has no clear ERROR: one of another version (or any clear datagram but a PROBE_REPLY) is unauthenticated noise.
        if (ChannelPrefix.Classify(datagram, out ChannelDatagramType type) != PrefixKind.Version2)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        if (type == ChannelDatagramType.ProbeReply)
        {
            if (!_handshake.Offer(datagram))
            {
                Interlocked.Increment(ref _dropped);
            }

            return;
        }

        var changes = new List<OutgoingStateChange>();
        bool? connection;
        lock (_gate)
        {
            ChannelClient? channel = ChannelFor(datagram, type);
            if (channel is null)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }

            ClientReceiveResult result = channel.Receive(datagram, ChannelNow(), _receiveOutput);
            switch (result.Event)
            {
                case ClientEvent.Send:
                    // A cookie reply's INITIATION again, or the PATH_RESPONSE to a PATH_CHALLENGE.
                    SendRaw(_receiveOutput.AsSpan(0, result.Length));
                    return;
                case ClientEvent.ServerKeyPresented:
                    _pendingKeyPresented?.TrySetResult();
                    return;
                case ClientEvent.Message when !ReferenceEquals(channel, _session?.Channel):
                    // A login answer (only the login waiting on this channel takes it).
                    if (!_handshake.Offer(_receiveOutput.AsSpan(0, 1 + result.Length)))
                    {
                        Interlocked.Increment(ref _dropped);
                    }

                    return;
                case ClientEvent.Message:
                    break;
                default:
                    Interlocked.Increment(ref _dropped);
                    return;
            }

            long now = Now();
            _firstUnansweredTicks = 0;
            _unansweredSends = 0;
            ReadOnlySpan<byte> body = _receiveOutput.AsSpan(1, result.Length);
            bool understood = (ChatMessageType)result.InnerType switch
            {
                ChatMessageType.Data => HandleData(body, now),
                ChatMessageType.GroupData => HandleData(body, now, group: true),
                ChatMessageType.GroupReceipt => HandleGroupReceipt(body, now, changes),
                ChatMessageType.GroupResult => HandleGroupResult(body),
                ChatMessageType.Ack => HandleAck(body, now),
                ChatMessageType.Receipt => HandleReceipt(body, now, changes),
                ChatMessageType.Reject => HandleReject(body, now, changes),
                ChatMessageType.Pong => true,
                ChatMessageType.Presence => HandlePresence(body),
                ChatMessageType.Reply => HandleReply(body),
                ChatMessageType.SlowDown => HandleSlowDown(body, now),
                ChatMessageType.ReadSync => HandleReadSync(body),
                ChatMessageType.HistoryData => HandleHistoryData(body),
                _ => false,
            };
            if (!understood)
            {
                Interlocked.Increment(ref _dropped);
            }

            connection = RecomputeConnected(); // the server answered
        }

        Apply(changes);
        RaisePresenceEvents();
        RaiseReadEvents();
        ReportConnection(connection);
    }

    /// <summary>
    /// Which channel a datagram belongs to: handshake replies to the one being opened; TRANSPORT by its session id to
    /// the login in progress or the session. Under <see cref="_gate"/>.
    /// </summary>
    private ChannelClient? ChannelFor(ReadOnlySpan<byte> datagram, ChannelDatagramType type)
    {
        if (type is ChannelDatagramType.CookieReply or ChannelDatagramType.Response)
        {
            return _pending;
        }

        if (type != ChannelDatagramType.Transport || !TransportHeader.TryPeekSessionId(datagram, out ulong sessionId))
        {
            return null;
        }

        if (_pending is { State: ChannelClientState.Established } pending && pending.SessionId == sessionId)
        {
            return pending;
        }

        return _session is { } session && session.SessionId == sessionId ? session.Channel : null;
    }

    /// <summary>
    /// The application has taken <paramref name="message"/> durably (stored; or printed and flushed; or emitted): the
    /// client now acknowledges it in full and tells the server it is delivered, so it is not sent again. Until then the
    /// message counts as undelivered and comes again at the next login (at least once: deduplicate by
    /// <see cref="IncomingMessage.Id"/>). False, and nothing happens, for a message already confirmed or not handed out
    /// by this client. Without a session the receipt waits for the next one.
    /// </summary>
    public bool Confirm(IncomingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            if (!ReleaseWithheldAck(message.Id))
            {
                return false;
            }

            _receipts.Enqueue(new ReceiptBody(message.Id, DeliveryState.Delivered, message.ServerSequence, _time.GetUtcNow().ToUnixTimeMilliseconds()));
            SendDueReceipts(Now());
        }

        Wake(); // the maintenance loop retransmits the receipt until the server acknowledges it
        return true;
    }

    /// <summary>Sends the withheld ACK of a message handed to the application and forgets it as unconfirmed. Under <see cref="_gate"/>.</summary>
    private bool ReleaseWithheldAck(Guid id)
    {
        if (!_ordering.WasReleased(id) || !_unconfirmed.TryConfirm(id, out ushort index))
        {
            return false;
        }

        SendAck(id, index);
        return true;
    }

    /// <summary>
    /// A DATA or (<paramref name="group"/>) GROUP_DATA fragment: reassembled and released in inbox order. Every fragment
    /// is acknowledged at once except the one that completed a message handed to the application: that ACK and the
    /// RECEIPT(delivered) wait until the application confirms it took the message (<see cref="Confirm"/>), so the
    /// server keeps it (and sends no more than its window of unconfirmed deliveries) until then.
    /// </summary>
    private bool HandleData(ReadOnlySpan<byte> body, long now, bool group = false)
    {
        if (!SessionBodyCodec.TryReadData(body, out DataFragment fragment))
        {
            return false;
        }

        var id = new Guid(fragment.MessageId, bigEndian: true);
        if (_unconfirmed.TryGetWithheld(id, out ushort withheld))
        {
            // Already complete here (a retransmission, or the whole message again after a new login): the application
            // has it or will have it; only its confirmation releases the withheld fragment's ACK.
            if (fragment.Index != withheld)
            {
                SendAck(id, fragment.Index);
            }

            return true;
        }

        if (_unconfirmed.IsFull && !_ordering.WasReleased(id))
        {
            // The application is not confirming what it has: take nothing new (no fragment acknowledged), so the server
            // keeps the message and retransmits it until there is room again.
            return true;
        }

        byte[]? envelope = _reassembler.Add(id, fragment.Index, fragment.Count, fragment.Chunk);
        if (envelope is null)
        {
            SendAck(id, fragment.Index);
            return true;
        }

        if (!(group ? GroupEnvelopeCodec.TryDecodeDelivery(envelope, out DeliveryEnvelope delivery) : EnvelopeCodec.TryDecodeDelivery(envelope, out delivery)))
        {
            SendAck(id, fragment.Index); // never decodable: retransmitting it would not help
            return false;
        }

        if (_ordering.WasReleased(id))
        {
            // Confirmed earlier (it is no longer unconfirmed) and sent again because that confirmation was lost.
            SendAck(id, fragment.Index);
            _receipts.Enqueue(new ReceiptBody(id, DeliveryState.Delivered, delivery.ServerSequence, _time.GetUtcNow().ToUnixTimeMilliseconds()));
            SendDueReceipts(now);
            return true;
        }

        _unconfirmed.Track(id, fragment.Index);
        IReadOnlyList<(Guid Id, DeliveryEnvelope Envelope)> released = _ordering.Offer(id, delivery, out _);
        if (!released.Any(r => r.Id == id))
        {
            // Held back until its predecessor arrives: acknowledged now, or reordering would keep the server's window of
            // deliveries in flight full while it waits. Its RECEIPT(delivered), which is what the server stores, still
            // waits for the application's confirmation.
            SendAck(id, fragment.Index);
        }

        foreach ((Guid releasedId, DeliveryEnvelope message) in released)
        {
            _incoming.Writer.TryWrite(new IncomingMessage(
                releasedId, message.From, message.To, message.Text, DateTimeOffset.FromUnixTimeMilliseconds(message.SentAtUnixMilliseconds), message.ServerSequence)
            {
                Group = message.Group?.Name,
                GroupSequence = message.Group?.Sequence ?? 0,
                GroupMessageId = message.Group?.MessageId ?? Guid.Empty,
                IsOutgoing = string.Equals(message.From, _session?.UserName, StringComparison.Ordinal),
            });
        }

        return true;
    }

    /// <summary>ACK of fragment <paramref name="index"/> of an incoming message. Under <see cref="_gate"/>.</summary>
    private void SendAck(Guid id, ushort index)
    {
        int ackLength = SessionBodyCodec.WriteAck(_sendBody, new AckBody(id, index));
        SendSecure(ChatMessageType.Ack, ackLength);
    }

    private bool HandleAck(ReadOnlySpan<byte> body, long now)
    {
        if (!SessionBodyCodec.TryReadAck(body, out AckBody ack))
        {
            return false;
        }

        if (SessionBodyCodec.TryGetReceiptAckState(ack.Index, out DeliveryState ackedState))
        {
            _receipts.Acknowledge(ack.MessageId, ackedState);
        }
        else if (_outbox.OnFragmentAcknowledged(ack.MessageId, ack.Index, now) is { } sample)
        {
            _rto.Sample(sample);
        }

        return true;
    }

    private bool HandleReceipt(ReadOnlySpan<byte> body, long now, List<OutgoingStateChange> changes)
    {
        if (!SessionBodyCodec.TryReadReceipt(body, out ReceiptBody receipt))
        {
            return false;
        }

        int ackLength = SessionBodyCodec.WriteAck(_sendBody, new AckBody(receipt.MessageId, SessionBodyCodec.ReceiptAckIndex(receipt.State)));
        SendSecure(ChatMessageType.Ack, ackLength);
        if (_tracked.TryGetValue(receipt.MessageId, out OutgoingMessage message))
        {
            changes.Add(new OutgoingStateChange(message, receipt.State, receipt.ServerSequence));
            if (receipt.State == DeliveryState.Read)
            {
                _tracked.Remove(receipt.MessageId);
            }
        }

        // Any receipt (sent, or a later one overtaking a lost "sent") means the server stored it: the conversation moves on.
        if (_outbox.Settle(receipt.MessageId))
        {
            Pump(now, changes);
        }

        return true;
    }

    private bool HandleReject(ReadOnlySpan<byte> body, long now, List<OutgoingStateChange> changes)
    {
        if (!SessionBodyCodec.TryReadReject(body, out RejectBody reject))
        {
            return false;
        }

        if (_tracked.TryGetValue(reject.MessageId, out OutgoingMessage message))
        {
            changes.Add(new OutgoingStateChange(message, DeliveryState.Failed, FailureReason: $"the server refused the message: {reject.Code}", RejectCode: reject.Code));
            _tracked.Remove(reject.MessageId);
        }

        if (_outbox.Settle(reject.MessageId))
        {
            Pump(now, changes);
        }

        return true;
    }
}
