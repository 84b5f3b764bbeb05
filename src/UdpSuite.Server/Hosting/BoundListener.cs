using System.Net;
using System.Net.Sockets;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Hosting;

/// <summary>A listener whose sockets are bound: what it is called, where it really listens, and its handler.</summary>
public sealed class BoundListener : IDisposable
{
    public BoundListener(string name, IPEndPoint localEndPoint, IReadOnlyList<Socket> sockets, IDatagramHandler handler)
    {
        Name = name;
        LocalEndPoint = localEndPoint;
        Sockets = sockets;
        Handler = handler;
    }

    public string Name { get; }

    /// <summary>The bound address and the real port (the OS's choice when the configured port was 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    public IReadOnlyList<Socket> Sockets { get; }

    public IDatagramHandler Handler { get; }

    /// <summary>The start-up line: <c>listening NAME udp ADDR:PORT</c>.</summary>
    public string Announcement => $"listening {Name} udp {LocalEndPoint}";

    public void Dispose()
    {
        foreach (Socket socket in Sockets)
        {
            socket.Dispose();
        }
    }
}
