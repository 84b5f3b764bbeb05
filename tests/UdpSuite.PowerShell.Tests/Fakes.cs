using System.Net;
using System.Net.Sockets;

namespace UdpSuite.PowerShell.Tests;

/// <summary>
/// A loopback UDP responder on an ephemeral port: <c>respond</c> maps each request to a reply (null: stay silent).
/// Used for what a correct server never sends (bad SNTP origins, Kiss-o'-Death, junk) and for silent servers.
/// </summary>
public sealed class FakeUdpServer : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Thread _loop;
    private volatile bool _stopping;
    private int _requests;

    public FakeUdpServer(Func<byte[], byte[]?> respond)
    {
        // A dedicated thread, not the thread pool: the engine's blocking Invoke calls in parallel tests must not delay replies.
        _loop = new Thread(() =>
        {
            while (!_stopping)
            {
                try
                {
                    var remote = new IPEndPoint(IPAddress.Any, 0);
                    byte[] request = _socket.Receive(ref remote);
                    Interlocked.Increment(ref _requests);
                    byte[]? reply = respond(request);
                    if (reply is not null)
                    {
                        _socket.Send(reply, reply.Length, remote);
                    }
                }
                catch (Exception) when (_stopping)
                {
                    return; // the socket was closed under Receive (any exception type): stop.
                }
                catch (SocketException)
                {
                    // An ICMP error from a client that went away: go on.
                }
            }
        })
        { IsBackground = true, Name = "FakeUdpServer" };
        _loop.Start();
    }

    /// <summary>A server that receives everything and never answers.</summary>
    public static FakeUdpServer Silent() => new(_ => null);

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A loopback port with nothing bound to it (bound once, then released), so datagrams get ICMP port unreachable.</summary>
    public static int ClosedPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        _stopping = true;
        _socket.Dispose();
        _loop.Join(TimeSpan.FromSeconds(2));
    }
}
