using System.Net;
using System.Net.Sockets;

namespace UdpSuite.Server.Transport;

/// <summary>
/// Creates the bound UDP sockets of one listener. With more than one loop on Linux every loop gets its own
/// socket on the same port (SO_REUSEPORT), so the kernel spreads datagrams across them; elsewhere the loops
/// share one socket.
/// </summary>
internal static class ListenerSocketFactory
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    /// <summary>
    /// Binds <paramref name="socketCount"/> sockets (or one shared, see type docs) to <paramref name="endPoint"/>;
    /// port 0 asks the OS for an ephemeral port and the extra sockets join the port it picked.
    /// A positive <paramref name="receiveBufferBytes"/> sets SO_RCVBUF (the kernel caps it at net.core.rmem_max), so a burst
    /// that arrives while the loop is busy waits in the kernel instead of being dropped.
    /// Throws <see cref="SocketException"/> when the address is in use or not permitted; nothing stays open then.
    /// </summary>
    public static Socket[] Bind(IPEndPoint endPoint, int socketCount, int receiveBufferBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(socketCount, 1);
        bool reusePort = socketCount > 1 && OperatingSystem.IsLinux();
        int count = reusePort ? socketCount : 1;
        var sockets = new Socket[count];
        int created = 0;
        try
        {
            IPEndPoint target = endPoint;
            for (int i = 0; i < count; i++)
            {
                Socket socket = Create(target.AddressFamily, reusePort, receiveBufferBytes);
                sockets[i] = socket;
                created++;
                socket.Bind(target);
                target = (IPEndPoint)socket.LocalEndPoint!;
            }

            return sockets;
        }
        catch
        {
            for (int i = 0; i < created; i++)
            {
                sockets[i].Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Binds and listens on a TCP socket at <paramref name="endPoint"/> (the UDP listener's own port) with a backlog of
    /// <paramref name="backlog"/>. Throws <see cref="SocketException"/> like <see cref="Bind"/>; nothing stays open then.
    /// </summary>
    public static Socket BindTcp(IPEndPoint endPoint, int backlog)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = true;
            }

            socket.Bind(endPoint);
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Socket Create(AddressFamily family, bool reusePort, int receiveBufferBytes)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (family == AddressFamily.InterNetworkV6)
            {
                // "::" then serves IPv4 clients too.
                socket.DualMode = true;
            }

            if (receiveBufferBytes > 0)
            {
                socket.ReceiveBufferSize = receiveBufferBytes;
            }

            if (reusePort)
            {
                socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
