using System.Net;
using System.Net.Sockets;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Hosting;

/// <summary>
/// Binds every enabled listener of the validated <see cref="ServerOptions"/>, all or nothing: a bind failure leaves no
/// socket open and comes back as <see cref="ListenerBindException"/> with a message fit for the operator. Binding is
/// idempotent; disposing closes every socket.
/// </summary>
public sealed class ListenerSet : IDisposable
{
    /// <summary>Tries at getting one ephemeral port free for both UDP and TCP.</summary>
    private const int EphemeralPairAttempts = 8;

    private readonly ServerOptions _options;
    private readonly IServiceProvider _services;
    private readonly object _gate = new();
    private List<BoundListener>? _bound;
    private bool _disposed;

    public ListenerSet(ServerOptions options, IServiceProvider services)
    {
        _options = options;
        _services = services;
    }

    /// <summary>Loops to run per listener.</summary>
    public int LoopsPerListener => _options.LoopsPerListener;

    /// <summary>Most TCP connections served at once per TCP time listener (<see cref="ServerOptions.TcpConnectionLimit"/>).</summary>
    public int TcpConnectionLimit => _options.TcpConnectionLimit;

    /// <summary>Longest one TCP time connection lasts (<see cref="ServerOptions.TcpTimeout"/>).</summary>
    public TimeSpan TcpTimeout => _options.TcpTimeout;

    /// <summary>Whether loops use the Linux recvmmsg/sendmmsg path (<see cref="ServerOptions.BatchedIo"/>).</summary>
    public bool BatchedIo => _options.BatchedIo;

    /// <summary>Binds (once) and returns the bound listeners in catalog order.</summary>
    public IReadOnlyList<BoundListener> Bind()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_bound is not null)
            {
                return _bound;
            }

            IPAddress address = IPAddress.Parse(_options.Bind.Trim());
            IReadOnlyList<ListenerDefinition> definitions = ServerListenerCatalog.Describe(_options);
            var ports = new ListenerPort[definitions.Count];
            for (int i = 0; i < definitions.Count; i++)
            {
                ports[i] = ListenerPort.Parse(definitions[i].PortText);
            }

            var bound = new List<BoundListener>(definitions.Count);
            try
            {
                for (int i = 0; i < definitions.Count; i++)
                {
                    if (ports[i].IsEnabled)
                    {
                        bound.Add(BindOne(definitions[i], new IPEndPoint(address, ports[i].Number)));
                    }
                }
            }
            catch
            {
                foreach (BoundListener listener in bound)
                {
                    listener.Dispose();
                }

                throw;
            }

            _bound = bound;
            return bound;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_bound is null)
            {
                return;
            }

            foreach (BoundListener listener in _bound)
            {
                listener.Dispose();
            }

            _bound.Clear();
        }
    }

    private BoundListener BindOne(ListenerDefinition definition, IPEndPoint endPoint)
    {
        IDatagramHandler handler = definition.CreateHandler(_services);
        bool tcp = definition.AlsoTcp && _options.TcpConnectionLimit > 0;
        Socket[] sockets;
        Socket? tcpSocket = null;
        for (int attempt = 1; ; attempt++)
        {
            sockets = BindUdp(definition, endPoint);
            if (!tcp)
            {
                break;
            }

            var udpEndPoint = (IPEndPoint)sockets[0].LocalEndPoint!;
            try
            {
                tcpSocket = Transport.ListenerSocketFactory.BindTcp(udpEndPoint, _options.TcpConnectionLimit);
                break;
            }
            catch (SocketException ex)
            {
                foreach (Socket socket in sockets)
                {
                    socket.Dispose();
                }

                // An ephemeral UDP port may be someone's TCP port: ask the OS for another pair (bounded).
                if (endPoint.Port == 0 && ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < EphemeralPairAttempts)
                {
                    continue;
                }

                throw BindFailure(definition, "tcp", udpEndPoint, ex);
            }
        }

        if (handler is IServerInitiatedHandler initiating)
        {
            // Server-initiated datagrams leave from the listener's own port, so clients' replies come back to it.
            initiating.AttachSender(new Transport.SocketDatagramSender(
                sockets[0], definition.Name, (Transport.ServerMetrics?)_services.GetService(typeof(Transport.ServerMetrics))));
        }

        return new BoundListener(definition.Name, (IPEndPoint)sockets[0].LocalEndPoint!, sockets, handler, tcpSocket);
    }

    private Socket[] BindUdp(ListenerDefinition definition, IPEndPoint endPoint)
    {
        try
        {
            return Transport.ListenerSocketFactory.Bind(endPoint, _options.LoopsPerListener, _options.SocketReceiveBufferBytes);
        }
        catch (SocketException ex)
        {
            throw BindFailure(definition, "udp", endPoint, ex);
        }
    }

    private static ListenerBindException BindFailure(ListenerDefinition definition, string transport, IPEndPoint endPoint, SocketException ex)
    {
        string reason = ex.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => "address already in use (another process holds this port)",
            SocketError.AccessDenied => "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)",
            SocketError.AddressNotAvailable => "address not available on this host",
            _ => ex.Message,
        };
        return new ListenerBindException(
            $"cannot start the {definition.Name} listener on {transport} {endPoint} (Server:{definition.PortKey}): {reason}", ex);
    }
}
