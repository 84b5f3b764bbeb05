using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static UdpSuite.Server.Transport.LinuxSocketInterop;

namespace UdpSuite.Server.Transport;

/// <summary>
/// The Linux receive loop: a dedicated thread receives up to <see cref="NativeDatagramBatch.Capacity"/> datagrams per
/// blocking <c>recvmmsg</c> (<c>MSG_WAITFORONE</c>), dispatches each and sends all replies with one <c>sendmmsg</c>;
/// the datagrams of one recvmmsg are one batch. All buffers are native memory allocated once per loop
/// (<see cref="NativeDatagramBatch"/>), so steady state allocates nothing. Needs 64-bit Linux (<see cref="IsSupported"/>)
/// and a socket no other loop uses (the listener gives each loop its own SO_REUSEPORT socket on Linux).
/// </summary>
internal sealed unsafe class LinuxBatchedReceiveLoop : IReceiveLoop
{
    /// <summary>Cancellation is noticed within this long while no datagram arrives.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan ErrorBackoff = TimeSpan.FromMilliseconds(10);

    private readonly Socket _socket;
    private readonly DatagramDispatcher _dispatcher;

    public LinuxBatchedReceiveLoop(Socket socket, DatagramDispatcher dispatcher)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("recvmmsg/sendmmsg batching needs 64-bit Linux");
        }

        _socket = socket;
        _dispatcher = dispatcher;
    }

    /// <summary>True on 64-bit Linux, where this loop can run.</summary>
    public static bool IsSupported => LinuxSocketInterop.IsSupported;

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken cancellationToken)
    {
        // No DangerousAddRef: Socket.Dispose would then wait (spinning) for this thread. Instead the receive timeout
        // brings the thread back at least every PollInterval to see that the handle was closed.
        SafeHandle handle = _socket.SafeHandle;
        int fd = (int)handle.DangerousGetHandle();
        try
        {
            BlockWithReceiveTimeout(_socket, fd, PollInterval);
        }
        catch (ObjectDisposedException)
        {
            return; // closed before the thread started
        }

        using var batch = new NativeDatagramBatch();
        var remote = new SocketAddress(_socket.AddressFamily);
        try
        {
            while (!cancellationToken.IsCancellationRequested && !handle.IsClosed)
            {
                batch.PrepareReceive();
                int received = RecvMMsg(fd, batch.ReceiveHeaders, NativeDatagramBatch.Capacity, MsgWaitForOne, null);
                if (received < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno is EAgain or EIntr)
                    {
                        continue; // receive timeout: look at the cancellation token again
                    }

                    if (errno is EBadF or ENotSock || cancellationToken.IsCancellationRequested || handle.IsClosed)
                    {
                        return;
                    }

                    if (_dispatcher.ReceiveFailed(ToSocketError(errno), new Win32Exception(errno)))
                    {
                        cancellationToken.WaitHandle.WaitOne(ErrorBackoff);
                    }

                    continue;
                }

                if (received == 0)
                {
                    return; // the socket was shut down (disposed while this thread was in recvmmsg)
                }

                DispatchAndReply(fd, batch, received, remote);
            }
        }
        finally
        {
            _dispatcher.EndBatch();
        }
    }

    private void DispatchAndReply(int fd, NativeDatagramBatch batch, int received, SocketAddress remote)
    {
        _dispatcher.BeginBatch();
        for (int i = 0; i < received; i++)
        {
            batch.CopySender(i, remote);
            if (_dispatcher.TryDispatch(batch.Request(i), batch.NextReply, remote, out int replyLength) && !batch.QueueReply(i, replyLength))
            {
                SendQueued(fd, batch);
            }
        }

        SendQueued(fd, batch);
        _dispatcher.EndBatch();
    }

    /// <summary>Sends every queued reply; one the socket refuses is counted and the rest still go out.</summary>
    private void SendQueued(int fd, NativeDatagramBatch batch)
    {
        int pending = batch.PendingReplies;
        int done = 0;
        while (done < pending)
        {
            int sent = SendMMsg(fd, batch.SendHeaders + done, (uint)(pending - done), 0);
            if (sent > 0)
            {
                _dispatcher.Sent(sent);
                done += sent;
                continue;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (sent < 0 && errno == EIntr)
            {
                continue;
            }

            // sendmmsg reports the failure of the first message of the rest (an ICMP report for an earlier reply,
            // a full buffer, ...): count that one and go on with the others.
            _dispatcher.SendFailed(ToSocketError(errno), new Win32Exception(errno));
            done++;
        }

        batch.ClearReplies();
    }
}
