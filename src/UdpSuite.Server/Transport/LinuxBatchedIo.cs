using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace UdpSuite.Server.Transport;

/// <summary>
/// The Linux fast path of a <see cref="UdpReceiveLoop"/>: one dedicated thread per loop that receives up to
/// <see cref="BatchSize"/> datagrams per <c>recvmmsg</c> call (blocking, <c>MSG_WAITFORONE</c>), runs the handler on
/// each through the loop's own dispatch (same guarantees: amplification backstop, drop counting, handler exceptions
/// contained) and sends all replies with one <c>sendmmsg</c>. .NET's Socket API has no batched calls, so this goes
/// through P/Invoke to libc; every buffer is native memory allocated once, so steady state allocates nothing.
/// The portable path (<see cref="UdpReceiveLoop.RunAsync"/> without <see cref="UdpReceiveLoop.UseBatchedIo"/>) stays
/// the default everywhere else and the fallback when this is not supported.
/// </summary>
internal static unsafe partial class LinuxBatchedIo
{
    /// <summary>Datagrams per recvmmsg/sendmmsg call.</summary>
    public const int BatchSize = 32;

    private const int MsgWaitForOne = 0x10000;
    private const int SolSocket = 1;
    private const int SoRcvTimeo = 20;
    private const int FGetFl = 3;
    private const int FSetFl = 4;
    private const int ONonBlock = 0x800;
    private const int EIntr = 4;
    private const int EAgain = 11;
    private const int EBadF = 9;
    private const int ENotSock = 88;
    private const int EConnRefused = 111;
    private const int NameCapacity = 128; // sockaddr_storage
    private const int ReceiveSlot = UdpReceiveLoop.ReceiveBufferSize; // larger than any UDP payload: nothing is truncated
    private const int ReplyArena = (2 * Protocol.Amplification.AmplificationLimit.MaxUdpPayload) + (BatchSize * 64);

    /// <summary>Cancellation is noticed within this long while no datagram arrives.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>64-bit Linux: the msghdr layout below is the LP64 one (x86-64 and arm64 alike).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public byte* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMMsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    /// <summary>Runs <paramref name="loop"/>'s dispatch over <paramref name="socket"/> on a dedicated thread until cancelled or the socket closes.</summary>
    public static Task RunAsync(UdpReceiveLoop loop, Socket socket, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(loop, socket, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void Run(UdpReceiveLoop loop, Socket socket, CancellationToken cancellationToken)
    {
        // No DangerousAddRef: Socket.Dispose would then wait (spinning) for this thread. Instead the receive timeout
        // brings the thread back at least every PollInterval to see that the handle was closed.
        SafeHandle handle = socket.SafeHandle;
        byte* memory = null;
        try
        {
            int fd = (int)handle.DangerousGetHandle();
            PrepareSocket(fd, socket);

            nuint total = (nuint)(BatchSize * (ReceiveSlot + NameCapacity + (2 * sizeof(MMsgHdr)) + (2 * sizeof(IoVec)))) + ReplyArena;
            memory = (byte*)NativeMemory.AlignedAlloc(total, 64);
            byte* receiveSlots = memory;
            byte* names = receiveSlots + (BatchSize * ReceiveSlot);
            var receive = (MMsgHdr*)(names + (BatchSize * NameCapacity));
            MMsgHdr* send = receive + BatchSize;
            var receiveIov = (IoVec*)(send + BatchSize);
            IoVec* sendIov = receiveIov + BatchSize;
            byte* arena = (byte*)(sendIov + BatchSize);
            var remotes = new SocketAddress[BatchSize];
            for (int i = 0; i < BatchSize; i++)
            {
                remotes[i] = new SocketAddress(socket.AddressFamily);
                receiveIov[i] = new IoVec { Base = receiveSlots + (i * ReceiveSlot), Length = ReceiveSlot };
                receive[i] = default;
                receive[i].Header.Name = names + (i * NameCapacity);
                receive[i].Header.Iov = receiveIov + i;
                receive[i].Header.IovLength = 1;
                send[i] = default;
                send[i].Header.Iov = sendIov + i;
                send[i].Header.IovLength = 1;
            }

            while (!cancellationToken.IsCancellationRequested && !handle.IsClosed)
            {
                for (int i = 0; i < BatchSize; i++)
                {
                    receive[i].Header.NameLength = NameCapacity;
                    receive[i].Header.Flags = 0;
                    receive[i].Length = 0;
                }

                int received = RecvMMsg(fd, receive, BatchSize, MsgWaitForOne, null);
                if (received < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno is EAgain or EIntr)
                    {
                        continue; // receive timeout: look at the cancellation token again
                    }

                    if (errno is EBadF or ENotSock || cancellationToken.IsCancellationRequested || handle.IsClosed)
                    {
                        break;
                    }

                    // ECONNREFUSED is an ICMP report for an earlier reply; anything else backs off so it cannot spin.
                    loop.ReportBatchedReceiveError(errno, isIcmpReport: errno == EConnRefused);
                    if (errno != EConnRefused)
                    {
                        cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(10));
                    }

                    continue;
                }

                if (received == 0)
                {
                    break; // the socket was shut down (disposed while this thread held it)
                }

                int pending = 0;
                int offset = 0;
                loop.StartBatchOnce();
                for (int k = 0; k < received; k++)
                {
                    SocketAddress remote = remotes[k];
                    int nameLength = (int)Math.Min(receive[k].Header.NameLength, (uint)remote.Buffer.Length);
                    new ReadOnlySpan<byte>(receive[k].Header.Name, nameLength).CopyTo(remote.Buffer.Span);
                    remote.Size = nameLength;

                    var request = new ReadOnlySpan<byte>(receiveIov[k].Base, (int)receive[k].Length);
                    var reply = new Span<byte>(arena + offset, Protocol.Amplification.AmplificationLimit.MaxUdpPayload);
                    int replyLength = loop.ReceivedAndDispatch(request, reply, remote);
                    if (replyLength < 0)
                    {
                        continue;
                    }

                    send[pending].Header.Name = receive[k].Header.Name;
                    send[pending].Header.NameLength = receive[k].Header.NameLength;
                    sendIov[pending] = new IoVec { Base = arena + offset, Length = (nuint)replyLength };
                    pending++;
                    offset += (replyLength + 63) & ~63;
                    if (ReplyArena - offset < Protocol.Amplification.AmplificationLimit.MaxUdpPayload)
                    {
                        Flush(loop, fd, send, pending);
                        pending = 0;
                        offset = 0;
                    }
                }

                Flush(loop, fd, send, pending);
                loop.EndBatch();
            }
        }
        finally
        {
            if (memory != null)
            {
                NativeMemory.AlignedFree(memory);
            }

        }
    }

    private static void Flush(UdpReceiveLoop loop, int fd, MMsgHdr* send, int pending)
    {
        int done = 0;
        while (done < pending)
        {
            int sent = SendMMsg(fd, send + done, (uint)(pending - done), 0);
            if (sent > 0)
            {
                loop.CountSent(sent);
                done += sent;
                continue;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == EIntr)
            {
                continue;
            }

            // The first message of the rest failed (ICMP report for an earlier reply, buffer full, ...): count it
            // and go on with the others.
            loop.ReportBatchedSendError(errno, isIcmpReport: errno == EConnRefused);
            done++;
        }
    }

    private static void PrepareSocket(int fd, Socket socket)
    {
        // Blocking fd (the portable path never ran on this socket, but make sure), with a receive timeout so the
        // thread notices cancellation.
        int flags = Fcntl(fd, FGetFl, 0);
        if (flags >= 0 && (flags & ONonBlock) != 0)
        {
            _ = Fcntl(fd, FSetFl, flags & ~ONonBlock);
        }

        Span<byte> timeval = stackalloc byte[16];
        BitConverter.TryWriteBytes(timeval, (long)0);
        BitConverter.TryWriteBytes(timeval[8..], (long)PollInterval.TotalMicroseconds);
        socket.SetRawSocketOption(SolSocket, SoRcvTimeo, timeval);
    }
}
