using System.Net;
using System.Net.Sockets;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Transport;

/// <summary>
/// <see cref="IDatagramSender"/> on a bound listener socket. <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/>
/// on a UDP socket is thread-safe and does not block for long (the kernel queues or drops), so callers may send
/// while holding their own lock. Failures are counted as <see cref="TransportDropReasons.SendError"/>.
/// </summary>
internal sealed class SocketDatagramSender : IDatagramSender
{
    private readonly Socket _socket;
    private readonly string _listener;
    private readonly ServerMetrics? _metrics;

    public SocketDatagramSender(Socket socket, string listener, ServerMetrics? metrics)
    {
        _socket = socket;
        _listener = listener;
        _metrics = metrics;
    }

    public bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
            _metrics?.Sent(_listener);
            return true;
        }
        catch (SocketException)
        {
            _metrics?.Dropped(_listener, TransportDropReasons.SendError);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
