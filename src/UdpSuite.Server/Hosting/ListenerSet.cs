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
        Socket[] sockets;
        try
        {
            sockets = Transport.ListenerSocketFactory.Bind(endPoint, _options.LoopsPerListener, _options.SocketReceiveBufferBytes);
        }
        catch (SocketException ex)
        {
            string reason = ex.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "address already in use (another process holds this port)",
                SocketError.AccessDenied => "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)",
                SocketError.AddressNotAvailable => "address not available on this host",
                _ => ex.Message,
            };
            throw new ListenerBindException(
                $"cannot start the {definition.Name} listener on udp {endPoint} (Server:{definition.PortKey}): {reason}", ex);
        }

        if (handler is IServerInitiatedHandler initiating)
        {
            // Server-initiated datagrams leave from the listener's own port, so clients' replies come back to it.
            initiating.AttachSender(new Transport.SocketDatagramSender(
                sockets[0], definition.Name, (Transport.ServerMetrics?)_services.GetService(typeof(Transport.ServerMetrics))));
        }

        return new BoundListener(definition.Name, (IPEndPoint)sockets[0].LocalEndPoint!, sockets, handler);
    }
}
