using System.Net.Sockets;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>The receive loop: every datagram is checked, then DATA is acknowledged, reassembled and released in order, ACKs and RECEIPTs update what was sent.</summary>
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

            if (length > ChatWire.MaxDatagram)
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }

            Handle(buffer.AsSpan(0, length));
        }
    }

    private void Handle(ReadOnlySpan<byte> datagram)
    {
        if (!ChatPrefix.TryRead(datagram, out ChatMessageType type))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        if (type < ChatMessageType.Data)
        {
            HandleUnauthenticated(datagram, type);
            return;
        }

        var changes = new List<OutgoingStateChange>();
        lock (_gate)
        {
            if (_session is null || !_session.TryOpen(datagram, out ReadOnlySpan<byte> body))
            {
                Interlocked.Increment(ref _dropped);
                return;
            }

            long now = Now();
            _firstUnansweredTicks = 0;
            _unansweredSends = 0;
            bool understood = type switch
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
                _ => false,
            };
            if (!understood)
            {
                Interlocked.Increment(ref _dropped);
            }
        }

        Apply(changes);
        RaisePresenceEvents();
    }

    private void HandleUnauthenticated(ReadOnlySpan<byte> datagram, ChatMessageType type)
    {
        if (_handshake.Offer(datagram))
        {
            return;
        }

        // The server forgot our session (it restarted) and says so: log in again with the cached keys. Anyone can send this
        // unauthenticated ERROR, so it only ever costs one login exchange per ResumeSpacing.
        if (type == ChatMessageType.Error && HandshakeCodec.TryReadError(datagram, out ErrorMessage error) && error.Code == ChatErrorCode.UnknownSession)
        {
            TryStartResume();
            return;
        }

        Interlocked.Increment(ref _dropped);
    }

    /// <summary>A DATA or (<paramref name="group"/>) GROUP_DATA fragment: acknowledged, reassembled, released in inbox order.</summary>
    private bool HandleData(ReadOnlySpan<byte> body, long now, bool group = false)
    {
        if (!SessionBodyCodec.TryReadData(body, out DataFragment fragment))
        {
            return false;
        }

        // Acknowledge every fragment, duplicates too: the server retransmits until it hears this.
        var id = new Guid(fragment.MessageId, bigEndian: true);
        int ackLength = SessionBodyCodec.WriteAck(SecureFrame.BodyArea(_sendBuffer), new AckBody(id, fragment.Index));
        SendSecure(ChatMessageType.Ack, ackLength);

        byte[]? envelope = _reassembler.Add(id, fragment.Index, fragment.Count, fragment.Chunk);
        if (envelope is null)
        {
            return true;
        }

        if (!(group ? GroupEnvelopeCodec.TryDecodeDelivery(envelope, out DeliveryEnvelope delivery) : EnvelopeCodec.TryDecodeDelivery(envelope, out delivery)))
        {
            return false;
        }

        // A full queue means the application is not reading: leave the message unconfirmed so the server keeps it.
        if (_incoming.Reader.Count + _ordering.HeldCount >= _options.IncomingCapacity && !_ordering.WasReleased(id))
        {
            return true;
        }

        long unixMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        IReadOnlyList<(Guid Id, DeliveryEnvelope Envelope)> released = _ordering.Offer(id, delivery, out bool duplicate);
        if (duplicate)
        {
            _receipts.Enqueue(new ReceiptBody(id, DeliveryState.Delivered, delivery.ServerSequence, unixMs));
        }

        foreach ((Guid releasedId, DeliveryEnvelope message) in released)
        {
            _incoming.Writer.TryWrite(new IncomingMessage(
                releasedId, message.From, message.To, message.Text, DateTimeOffset.FromUnixTimeMilliseconds(message.SentAtUnixMilliseconds), message.ServerSequence)
            {
                Group = message.Group?.Name,
                GroupSequence = message.Group?.Sequence ?? 0,
                GroupMessageId = message.Group?.MessageId ?? Guid.Empty,
            });
            _receipts.Enqueue(new ReceiptBody(releasedId, DeliveryState.Delivered, message.ServerSequence, unixMs));
        }

        SendDueReceipts(now);
        return true;
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

        int ackLength = SessionBodyCodec.WriteAck(SecureFrame.BodyArea(_sendBuffer), new AckBody(receipt.MessageId, SessionBodyCodec.ReceiptAckIndex(receipt.State)));
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
