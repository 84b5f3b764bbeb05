using System.Net;
using System.Net.Sockets;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Hosting;

/// <summary>A listener whose sockets are bound: what it is called, where it really listens, and its handler.</summary>
public sealed class BoundListener : IDisposable
{
    public BoundListener(string name, IPEndPoint localEndPoint, IReadOnlyList<Socket> sockets, IDatagramHandler handler, Socket? tcpSocket = null)
    {
        Name = name;
        LocalEndPoint = localEndPoint;
        Sockets = sockets;
        Handler = handler;
        TcpSocket = tcpSocket;
    }

    public string Name { get; }

    /// <summary>The bound address and the real port (the OS's choice when the configured port was 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    public IReadOnlyList<Socket> Sockets { get; }

    public IDatagramHandler Handler { get; }

    /// <summary>The listening TCP socket on the same port, for the protocols defined over TCP too (<see cref="ListenerDefinition.AlsoTcp"/>); else null.</summary>
    public Socket? TcpSocket { get; }

    /// <summary>The start-up line: <c>listening NAME udp ADDR:PORT</c>.</summary>
    public string Announcement => $"listening {Name} udp {LocalEndPoint}";

    /// <summary>The start-up line of the TCP side, <c>listening NAME tcp ADDR:PORT</c>, or null without one.</summary>
    public string? TcpAnnouncement => TcpSocket is null ? null : $"listening {Name} tcp {TcpSocket.LocalEndPoint}";

    public void Dispose()
    {
        TcpSocket?.Dispose();
        foreach (Socket socket in Sockets)
        {
            socket.Dispose();
        }
    }
}
