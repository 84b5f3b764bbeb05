using System.Net.Sockets;
using NodaTime;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Transport;

/// <summary>
/// The TCP side of RFC 868 Time and RFC 867 Daytime: the server speaks first, writing the handler's answer to an empty
/// request, then closes. At most <c>maxConnections</c> connections are served at once (one beyond that is closed at
/// once, counted as a drop), and a connection lasts at most <c>timeout</c>: written, then its client's close awaited
/// (closing first with unread bytes would reset the connection and could cost the client the answer). The listener
/// tag of its metrics is the listener's name with <c>-tcp</c>.
/// </summary>
internal sealed class TcpGreetingLoop
{
    /// <summary>Drop reason: the connection limit was reached.</summary>
    public const string ConnectionLimitDropReason = "tcp-connection-limit";

    /// <summary>Drop reason: the answer could not be written, or the client did not close, within the timeout.</summary>
    public const string TimeoutDropReason = "tcp-timeout";

    /// <summary>Bytes read (and ignored) from a client before the connection is cut: these protocols take no request.</summary>
    private const int MaxIgnoredBytes = 512;

    private readonly Socket _listener;
    private readonly IDatagramHandler _handler;
    private readonly IClock _clock;
    private readonly ServerMetrics _metrics;
    private readonly ThrottledErrorLog _errors;
    private readonly int _maxConnections;
    private readonly TimeSpan _timeout;
    private readonly string _name;
    private int _open;

    public TcpGreetingLoop(Socket listener, IDatagramHandler handler, IClock clock, ServerMetrics metrics, ThrottledErrorLog errors, int maxConnections, TimeSpan timeout)
    {
        _listener = listener;
        _handler = handler;
        _clock = clock;
        _metrics = metrics;
        _errors = errors;
        _maxConnections = maxConnections;
        _timeout = timeout;
        _name = handler.Name + "-tcp";
    }

    /// <summary>Accepts until <paramref name="stoppingToken"/> fires or the socket closes, then waits for the connections in flight.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var inFlight = new HashSet<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException ex)
                {
                    // e.g. the client reset the connection before it was accepted; the next one is unaffected.
                    _errors.Report(_name, "accept failed", ex);
                    continue;
                }

                _metrics.Received(_name);
                if (Interlocked.Increment(ref _open) > _maxConnections)
                {
                    Interlocked.Decrement(ref _open);
                    _metrics.Dropped(_name, ConnectionLimitDropReason);
                    client.Dispose();
                    continue;
                }

                inFlight.RemoveWhere(task => task.IsCompleted);
                inFlight.Add(ServeAsync(client, stoppingToken));
            }
        }
        finally
        {
            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            deadline.CancelAfter(_timeout);
            byte[] buffer = new byte[DatagramDispatcher.ReplyBufferSize];
            HandlerResult result = Answer(client, buffer);
            if (!result.IsReply)
            {
                _metrics.Dropped(_name, result.DropReason ?? TransportDropReasons.BadReplyLength);
                return;
            }

            await client.SendAsync(buffer.AsMemory(0, result.ReplyLength), SocketFlags.None, deadline.Token).ConfigureAwait(false);
            client.Shutdown(SocketShutdown.Send);
            _metrics.Sent(_name);
            int ignored = 0;
            int read;
            while (ignored < MaxIgnoredBytes && (read = await client.ReceiveAsync(buffer.AsMemory(0, MaxIgnoredBytes), SocketFlags.None, deadline.Token).ConfigureAwait(false)) > 0)
            {
                ignored += read;
            }
        }
        catch (OperationCanceledException)
        {
            _metrics.Dropped(_name, TimeoutDropReason);
        }
        catch (SocketException)
        {
            // The client went away first (reset, or closed before the answer): nothing to tell it.
            _metrics.Dropped(_name, TransportDropReasons.SendError);
        }
        catch (Exception ex)
        {
            _metrics.Dropped(_name, TransportDropReasons.HandlerError);
            _errors.Report(_name, "handler threw on a TCP connection", ex);
        }
        finally
        {
            client.Dispose();
            Interlocked.Decrement(ref _open);
        }
    }

    private HandlerResult Answer(Socket client, byte[] buffer)
    {
        System.Net.SocketAddress remote = client.RemoteEndPoint?.Serialize() ?? new System.Net.SocketAddress(client.AddressFamily);
        HandlerResult result = _handler.Handle(ReadOnlySpan<byte>.Empty, buffer, new DatagramContext(remote, _clock.GetCurrentInstant()));
        return result.IsReply && result.ReplyLength > buffer.Length ? HandlerResult.Drop(TransportDropReasons.BadReplyLength) : result;
    }
}
