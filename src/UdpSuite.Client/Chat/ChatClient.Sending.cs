using System.Net.Sockets;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Client.Chat;

/// <summary>The maintenance loop and the send path: retransmission, receipts, keepalive, deadline failures.</summary>
public sealed partial class ChatClient
{
    private async Task MaintenanceLoopAsync()
    {
        CancellationToken token = _stopping.Token;
        var changes = new List<OutgoingStateChange>();
        while (!token.IsCancellationRequested)
        {
            TimeSpan wait;
            lock (_gate)
            {
                wait = _outbox.HasWork || _receipts.Count > 0 || _groupRequests.Count > 0 ? BusyTick : IdleTick;
            }

            try
            {
                await _wake.WaitAsync(wait, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            changes.Clear();
            bool silent;
            bool? connection;
            lock (_gate)
            {
                long now = Now();
                Pump(now, changes);
                silent = _session is not null && (_sessionExhausted || (_firstUnansweredTicks != 0 && _unansweredSends >= SilentSendsBeforeResume
                    && now - _firstUnansweredTicks >= SilenceBeforeResume.Ticks));
                connection = RecomputeConnected();
            }

            Apply(changes);
            ReportConnection(connection);
            if (silent)
            {
                TryStartResume();
            }
        }
    }

    /// <summary>Sends whatever is due now: message fragments (and deadline failures), receipts, a keepalive PING. Under <see cref="_gate"/>.</summary>
    private void Pump(long now, List<OutgoingStateChange> changes)
    {
        TimeSpan rto = _rto.Timeout;
        foreach ((OutboundMessage transfer, int index, ChatMessageType type) in IsSlowedDown(now) ? [] : _outbox.Tick(now, rto, changes))
        {
            if (_session is not null)
            {
                int length = SessionBodyCodec.WriteData(_sendBody, transfer.Id, (ushort)index, (ushort)transfer.FragmentCount, transfer.Fragment(index));
                SendSecure(type, length);
            }
        }

        SendDueReceipts(now);
        SendDueGroupRequests(now);
        TimeSpan keepAlive = _firstUnansweredTicks != 0 && UnansweredPingInterval < _options.KeepAliveInterval ? UnansweredPingInterval : _options.KeepAliveInterval;
        if (_session is not null && now - _lastSentTicks >= keepAlive.Ticks)
        {
            SendSecure(ChatMessageType.Ping, 0);
        }
    }

    private void SendDueReceipts(long now)
    {
        if (_session is null || _receipts.Count == 0)
        {
            return;
        }

        foreach (ReceiptBody receipt in _receipts.TakeDue(now, _rto.Timeout))
        {
            int length = SessionBodyCodec.WriteReceipt(_sendBody, receipt);
            SendSecure(ChatMessageType.Receipt, length);
        }
    }

    /// <summary>
    /// Seals the body already in <see cref="_sendBody"/> as inner type <paramref name="type"/> (a new packet number) and
    /// sends it. Under <see cref="_gate"/> with a session. A sending key at its hard limit ends the session: the
    /// maintenance loop logs in again on a new channel.
    /// </summary>
    private void SendSecure(ChatMessageType type, int bodyLength)
    {
        if (_session is null)
        {
            return;
        }

        SealResult sealedDatagram = _session.Channel.Seal((byte)type, _sendBody.AsSpan(0, bodyLength), ChannelNow(), _sendBuffer);
        if (!sealedDatagram.IsSealed)
        {
            _sessionExhausted = true;
            return;
        }

        _lastSentTicks = Now();
        if (type is ChatMessageType.Data or ChatMessageType.Receipt or ChatMessageType.Ping or ChatMessageType.GroupData or ChatMessageType.GroupRequest)
        {
            // These get an answer (ACK or PONG); ACK and LOGOUT do not.
            _firstUnansweredTicks = _firstUnansweredTicks == 0 ? _lastSentTicks : _firstUnansweredTicks;
            _unansweredSends++;
        }

        SendRaw(_sendBuffer.AsSpan(0, sealedDatagram.Length));
    }

    private void SendRaw(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _socket.Send(datagram, SocketFlags.None);
        }
        catch (SocketException)
        {
            // The server is down (ICMP unreachable reported on this send): retransmission and deadlines handle it.
        }
        catch (ObjectDisposedException)
        {
            // Closing.
        }
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
        catch (ObjectDisposedException)
        {
            // Closing.
        }
    }

    private void Apply(List<OutgoingStateChange> changes)
    {
        foreach (OutgoingStateChange change in changes)
        {
            change.Apply();
        }

        if (changes.Count > 0)
        {
            Wake();
        }
    }
}
