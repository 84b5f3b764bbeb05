using System.Net;
using System.Net.Sockets;
using NodaTime;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Transport;

/// <summary>
/// One receive → dispatch → send loop on one socket. It owns a 64 KiB receive buffer (no UDP payload is
/// ever truncated), a 65,507-byte reply buffer and one <see cref="SocketAddress"/>, all reused for every datagram,
/// so steady state allocates nothing. Nothing a datagram or the network does ends the loop: handler exceptions,
/// ICMP errors and send failures are counted, logged (throttled) and the loop goes on until cancelled.
/// </summary>
public sealed partial class UdpReceiveLoop
{
    /// <summary>Receive buffer size: larger than any UDP payload.</summary>
    public const int ReceiveBufferSize = 64 * 1024;

    private static readonly TimeSpan ErrorBackoff = TimeSpan.FromMilliseconds(10);

    private readonly Socket _socket;
    private readonly IDatagramHandler _handler;
    private readonly IClock _clock;
    private readonly ServerMetrics _metrics;
    private readonly ThrottledErrorLog _errors;
    private readonly string _name;

    public UdpReceiveLoop(Socket socket, IDatagramHandler handler, IClock clock, ServerMetrics metrics, ThrottledErrorLog errors)
    {
        _socket = socket;
        _handler = handler;
        _clock = clock;
        _metrics = metrics;
        _errors = errors;
        _name = handler.Name;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled or the socket is closed; never throws for datagram or network errors.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (RunsBatched)
        {
            await LinuxBatchedIo.RunAsync(this, _socket, cancellationToken).ConfigureAwait(false);
            return;
        }

        byte[] receiveBuffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize, pinned: true);
        byte[] replyBuffer = GC.AllocateUninitializedArray<byte>(AmplificationLimit.MaxUdpPayload, pinned: true);
        var remote = new SocketAddress(_socket.AddressFamily);

        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveFromAsync(receiveBuffer, SocketFlags.None, remote, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                // ConnectionReset/Refused are ICMP port-unreachable reports for an earlier reply; others are
                // transient too. Back off briefly so a persistent error cannot spin the CPU.
                _metrics.Dropped(_name, TransportDropReasons.ReceiveError);
                if (ex.SocketErrorCode is not (SocketError.ConnectionReset or SocketError.ConnectionRefused))
                {
                    _errors.Report(_name, "receive failed", ex);
                    await DelayQuietly(cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            _metrics.Received(_name);
            StartBatchOnce();
            int replyLength = Dispatch(receiveBuffer.AsSpan(0, received), replyBuffer, remote);
            if (replyLength < 0)
            {
                EndBatchWhenDrained();
                continue;
            }

            try
            {
                await _socket.SendToAsync(replyBuffer.AsMemory(0, replyLength), SocketFlags.None, remote, cancellationToken).ConfigureAwait(false);
                _metrics.Sent(_name);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                _metrics.Dropped(_name, TransportDropReasons.SendError);
                if (ex.SocketErrorCode is not (SocketError.ConnectionReset or SocketError.ConnectionRefused))
                {
                    _errors.Report(_name, "send failed", ex);
                }
            }

            EndBatchWhenDrained();
        }

        EndBatch();
    }

    /// <summary>Runs the handler and enforces the transport's guarantees; returns the reply length or -1 for no reply.</summary>
    private int Dispatch(ReadOnlySpan<byte> request, Span<byte> reply, SocketAddress remote)
    {
        HandlerResult result;
        try
        {
            result = _handler.Handle(request, reply, new DatagramContext(remote, _clock.GetCurrentInstant()));
        }
        catch (Exception ex)
        {
            _metrics.Dropped(_name, TransportDropReasons.HandlerError);
            _errors.Report(_name, "handler threw; datagram dropped", ex);
            return -1;
        }

        if (result.IsNoReply)
        {
            return -1;
        }

        if (result.IsDrop)
        {
            _metrics.Dropped(_name, result.DropReason!);
            return -1;
        }

        if (result.ReplyLength < 0 || result.ReplyLength > reply.Length)
        {
            _metrics.Dropped(_name, TransportDropReasons.BadReplyLength);
            return -1;
        }

        // The backstop for every listener: whatever a handler wrote, nothing leaves that breaks the 3x rule.
        if (!AmplificationLimit.Allows(request.Length, result.ReplyLength))
        {
            _metrics.Dropped(_name, TransportDropReasons.Amplification);
            return -1;
        }

        return result.ReplyLength;
    }

    private static async Task DelayQuietly(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(ErrorBackoff, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the loop condition ends the loop.
        }
    }
}
