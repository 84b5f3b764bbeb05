using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Hosting;

/// <summary>
/// Runs the listeners under the generic host. On start it binds them (if the caller has not already), writes
/// exactly one <c>listening NAME udp ADDR:PORT</c> line per listener (and <c>listening NAME tcp ADDR:PORT</c> after it
/// for RFC 868 and RFC 867 when their TCP side is on) to stdout and flushes, then runs
/// <see cref="ServerOptions.LoopsPerListener"/> receive loops per listener. On stop the loops end and every
/// socket is closed.
/// </summary>
public sealed class UdpListenerService : BackgroundService
{
    private readonly ListenerSet _listeners;
    private readonly IClock _clock;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<UdpListenerService> _logger;
    private readonly ThrottledErrorLog _errors;
    private IReadOnlyList<BoundListener> _bound = [];

    public UdpListenerService(ListenerSet listeners, IClock clock, ServerMetrics metrics, ILogger<UdpListenerService> logger)
    {
        _listeners = listeners;
        _clock = clock;
        _metrics = metrics;
        _logger = logger;
        _errors = new ThrottledErrorLog(logger, TimeSpan.FromSeconds(10));
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _bound = _listeners.Bind();
        TextWriter stdout = Console.Out;
        foreach (BoundListener listener in _bound)
        {
            stdout.WriteLine(listener.Announcement);
            if (listener.TcpAnnouncement is { } tcp)
            {
                stdout.WriteLine(tcp);
            }
        }

        stdout.Flush();
        foreach (BoundListener listener in _bound)
        {
            _logger.ListenerBound(listener.Name, listener.LocalEndPoint, _listeners.LoopsPerListener);
        }

        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _listeners.Dispose();
        _logger.ListenersStopped();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task>();
        foreach (BoundListener listener in _bound)
        {
            for (int i = 0; i < _listeners.LoopsPerListener; i++)
            {
                var dispatcher = new DatagramDispatcher(listener.Handler, _clock, _metrics, _errors);
                IReceiveLoop loop = CreateLoop(listener.Sockets[i % listener.Sockets.Count], dispatcher, _listeners.BatchedIo);
                loops.Add(loop.RunAsync(stoppingToken));
            }

            if (listener.TcpSocket is { } tcpSocket)
            {
                var greeting = new TcpGreetingLoop(tcpSocket, listener.Handler, _clock, _metrics, _errors, _listeners.TcpConnectionLimit, _listeners.TcpTimeout);
                loops.Add(greeting.RunAsync(stoppingToken));
            }

            if (listener.Handler is Dispatch.IServerInitiatedHandler initiating)
            {
                loops.Add(new HandlerTickLoop(initiating, _clock, _errors).RunAsync(stoppingToken));
            }
        }

        return Task.WhenAll(loops);
    }

    /// <summary>
    /// The Linux recvmmsg/sendmmsg loop when <paramref name="batchedIo"/> (<see cref="ServerOptions.BatchedIo"/>) asks
    /// for it and the platform has it; the portable loop otherwise.
    /// </summary>
    internal static IReceiveLoop CreateLoop(Socket socket, DatagramDispatcher dispatcher, bool batchedIo) =>
        batchedIo && LinuxBatchedReceiveLoop.IsSupported
            ? new LinuxBatchedReceiveLoop(socket, dispatcher)
            : new PortableReceiveLoop(socket, dispatcher);
}
