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
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeUdpServer(Func<byte[], byte[]?> respond)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult request;
                try
                {
                    request = await _socket.ReceiveAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        return;
                    }

                    continue;
                }

                Requests++;
                byte[]? reply = respond(request.Buffer);
                if (reply is not null)
                {
                    await _socket.SendAsync(reply, request.RemoteEndPoint);
                }
            }
        });
    }

    /// <summary>A server that receives everything and never answers.</summary>
    public static FakeUdpServer Silent() => new(_ => null);

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    public int Requests { get; private set; }

    /// <summary>A loopback port with nothing bound to it (bound once, then released), so datagrams get ICMP port unreachable.</summary>
    public static int ClosedPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}
