using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace UdpSuite.Server.Transport;

/// <summary>
/// The receive loop for every OS: awaits <see cref="Socket.ReceiveFromAsync(Memory{byte}, SocketFlags, SocketAddress, CancellationToken)"/>,
/// dispatches, awaits the send of the reply. Its two buffers are rented from the shared pool for the loop's lifetime
/// and its one <see cref="SocketAddress"/> is reused, so steady state allocates nothing per datagram. A batch lasts
/// while datagrams are already waiting on the socket, up to <see cref="MaxBatchLength"/>.
/// </summary>
internal sealed class PortableReceiveLoop : IReceiveLoop
{
    /// <summary>A batch is closed after this many datagrams even when more are queued, so deferred replies keep flowing.</summary>
    public const int MaxBatchLength = 64;

    private static readonly TimeSpan ErrorBackoff = TimeSpan.FromMilliseconds(10);

    private readonly Socket _socket;
    private readonly DatagramDispatcher _dispatcher;

    public PortableReceiveLoop(Socket socket, DatagramDispatcher dispatcher)
    {
        _socket = socket;
        _dispatcher = dispatcher;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        byte[] receiveBuffer = ArrayPool<byte>.Shared.Rent(DatagramDispatcher.ReceiveBufferSize);
        byte[] replyBuffer = ArrayPool<byte>.Shared.Rent(DatagramDispatcher.ReplyBufferSize);
        try
        {
            await ServeAsync(receiveBuffer, replyBuffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _dispatcher.EndBatch();
            ArrayPool<byte>.Shared.Return(receiveBuffer);
            ArrayPool<byte>.Shared.Return(replyBuffer);
        }
    }

    private async Task ServeAsync(byte[] receiveBuffer, byte[] replyBuffer, CancellationToken cancellationToken)
    {
        var remote = new SocketAddress(_socket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveFromAsync(receiveBuffer.AsMemory(0, DatagramDispatcher.ReceiveBufferSize), SocketFlags.None, remote, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                if (_dispatcher.ReceiveFailed(ex.SocketErrorCode, ex))
                {
                    await DelayQuietlyAsync(cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            _dispatcher.BeginBatch();
            if (_dispatcher.TryDispatch(receiveBuffer.AsSpan(0, received), replyBuffer.AsSpan(0, DatagramDispatcher.ReplyBufferSize), remote, out int replyLength))
            {
                try
                {
                    await _socket.SendToAsync(replyBuffer.AsMemory(0, replyLength), SocketFlags.None, remote, cancellationToken).ConfigureAwait(false);
                    _dispatcher.Sent(1);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException ex)
                {
                    _dispatcher.SendFailed(ex.SocketErrorCode, ex);
                }
            }

            EndBatchWhenDrained();
        }
    }

    /// <summary>Closes the open batch once nothing more waits on the socket, or once it is <see cref="MaxBatchLength"/> long.</summary>
    private void EndBatchWhenDrained()
    {
        if (_dispatcher.InBatch && (_dispatcher.BatchLength >= MaxBatchLength || SocketIsDrained()))
        {
            _dispatcher.EndBatch();
        }
    }

    private bool SocketIsDrained()
    {
        try
        {
            return _socket.Available == 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    private static async Task DelayQuietlyAsync(CancellationToken cancellationToken)
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
