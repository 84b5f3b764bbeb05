using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace UdpSuite.Server.Transport;

/// <summary>
/// The libc calls .NET's Socket API has no equivalent for (recvmmsg, sendmmsg) and the LP64 layouts they take
/// (x86-64 and arm64 alike), for <see cref="LinuxBatchedReceiveLoop"/>.
/// </summary>
internal static unsafe partial class LinuxSocketInterop
{
    /// <summary>recvmmsg: block for the first datagram only, then take what is already queued.</summary>
    public const int MsgWaitForOne = 0x10000;

    public const int EIntr = 4;
    public const int EBadF = 9;
    public const int EAgain = 11;
    public const int ENotSock = 88;
    public const int EConnReset = 104;
    public const int EConnRefused = 111;

    private const int SolSocket = 1;
    private const int SoRcvTimeo = 20;
    private const int FGetFl = 3;
    private const int FSetFl = 4;
    private const int ONonBlock = 0x800;

    /// <summary>True where the layouts below hold: 64-bit Linux.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
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
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMMsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    /// <summary>
    /// Makes <paramref name="fd"/> blocking (recvmmsg then waits in the kernel) with a receive timeout of
    /// <paramref name="pollInterval"/>, so a thread blocked in it comes back that often to notice cancellation.
    /// </summary>
    public static void BlockWithReceiveTimeout(Socket socket, int fd, TimeSpan pollInterval)
    {
        int flags = Fcntl(fd, FGetFl, 0);
        if (flags >= 0 && (flags & ONonBlock) != 0)
        {
            _ = Fcntl(fd, FSetFl, flags & ~ONonBlock);
        }

        Span<byte> timeval = stackalloc byte[16];
        BitConverter.TryWriteBytes(timeval, 0L);
        BitConverter.TryWriteBytes(timeval[8..], (long)pollInterval.TotalMicroseconds);
        socket.SetRawSocketOption(SolSocket, SoRcvTimeo, timeval);
    }

    /// <summary>
    /// The <see cref="SocketError"/> of <paramref name="errno"/> as far as the loop tells errors apart (the ICMP
    /// reports, see <see cref="IcmpErrorReport"/>); every other errno is <see cref="SocketError.SocketError"/>.
    /// </summary>
    public static SocketError ToSocketError(int errno) => errno switch
    {
        EConnRefused => SocketError.ConnectionRefused,
        EConnReset => SocketError.ConnectionReset,
        _ => SocketError.SocketError,
    };
}
