using System.Net;
using System.Net.Sockets;
using NodaTime;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Transport;

/// <summary>
/// Everything a receive loop does between its socket calls: calls the handler with the clock's reading, keeps the
/// transport's guarantees on what it returns (handler exceptions contained, reply length checked, the amplification
/// backstop), counts received, sent and dropped datagrams, and opens and closes batches for an
/// <see cref="IBatchAwareHandler"/>. Each loop owns its own dispatcher, so a batch is one loop's batch; a dispatcher
/// is not thread-safe. Allocates nothing per datagram.
/// </summary>
internal sealed class DatagramDispatcher
{
    /// <summary>Bytes a loop receives into: larger than any UDP payload, so no datagram is truncated.</summary>
    public const int ReceiveBufferSize = 64 * 1024;

    /// <summary>Bytes of the reply span a loop hands to the handler (the largest IPv4 UDP payload).</summary>
    public const int ReplyBufferSize = AmplificationLimit.MaxUdpPayload;

    private readonly IDatagramHandler _handler;
    private readonly IBatchAwareHandler? _batchAware;
    private readonly IClock _clock;
    private readonly ServerMetrics _metrics;
    private readonly ThrottledErrorLog _errors;
    private readonly string _listener;

    public DatagramDispatcher(IDatagramHandler handler, IClock clock, ServerMetrics metrics, ThrottledErrorLog errors)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
        _batchAware = handler as IBatchAwareHandler;
        _clock = clock;
        _metrics = metrics;
        _errors = errors;
        _listener = handler.Name;
    }

    /// <summary>Whether a batch is open; only ever true for an <see cref="IBatchAwareHandler"/>.</summary>
    public bool InBatch { get; private set; }

    /// <summary>Datagrams dispatched since the open batch began.</summary>
    public int BatchLength { get; private set; }

    /// <summary>Opens a batch (<see cref="IBatchAwareHandler.OnBatchStart"/>) unless one is open or the handler is not batch-aware.</summary>
    public void BeginBatch()
    {
        if (InBatch || _batchAware is null)
        {
            return;
        }

        InBatch = true;
        BatchLength = 0;
        try
        {
            _batchAware.OnBatchStart();
        }
        catch (Exception ex)
        {
            _metrics.Dropped(_listener, TransportDropReasons.HandlerError);
            _errors.Report(_listener, "handler threw at the start of a batch", ex);
        }
    }

    /// <summary>Closes the open batch, if any (<see cref="IBatchAwareHandler.OnBatchEnd"/>: the handler completes what it deferred).</summary>
    public void EndBatch()
    {
        if (!InBatch)
        {
            return;
        }

        InBatch = false;
        try
        {
            _batchAware!.OnBatchEnd();
        }
        catch (Exception ex)
        {
            _metrics.Dropped(_listener, TransportDropReasons.HandlerError);
            _errors.Report(_listener, "handler threw at the end of a batch", ex);
        }
    }

    /// <summary>
    /// Counts <paramref name="request"/> as received and lets the handler answer it into <paramref name="reply"/>.
    /// True with the reply's length when a reply is to be sent; false when nothing is (no reply needed, or a drop,
    /// which is counted with its reason).
    /// </summary>
    public bool TryDispatch(ReadOnlySpan<byte> request, Span<byte> reply, SocketAddress remote, out int replyLength)
    {
        _metrics.Received(_listener);
        if (InBatch)
        {
            BatchLength++;
        }

        replyLength = 0;
        HandlerResult result;
        try
        {
            result = _handler.Handle(request, reply, new DatagramContext(remote, _clock.GetCurrentInstant()));
        }
        catch (Exception ex)
        {
            _metrics.Dropped(_listener, TransportDropReasons.HandlerError);
            _errors.Report(_listener, "handler threw; datagram dropped", ex);
            return false;
        }

        if (result.IsNoReply)
        {
            return false;
        }

        if (result.IsDrop)
        {
            _metrics.Dropped(_listener, result.DropReason!);
            return false;
        }

        if (result.ReplyLength < 0 || result.ReplyLength > reply.Length)
        {
            _metrics.Dropped(_listener, TransportDropReasons.BadReplyLength);
            return false;
        }

        // The backstop for every listener: whatever a handler wrote, nothing leaves that breaks the 3x rule.
        if (!AmplificationLimit.Allows(request.Length, result.ReplyLength))
        {
            _metrics.Dropped(_listener, TransportDropReasons.Amplification);
            return false;
        }

        replyLength = result.ReplyLength;
        return true;
    }

    /// <summary>Counts <paramref name="count"/> replies the socket accepted.</summary>
    public void Sent(int count) => _metrics.Sent(_listener, count);

    /// <summary>
    /// Counts a failed receive and logs it (throttled) unless it is an <see cref="IcmpErrorReport"/>. Returns true
    /// when the loop should back off before receiving again (a persistent error must not spin the CPU).
    /// </summary>
    public bool ReceiveFailed(SocketError error, Exception detail)
    {
        _metrics.Dropped(_listener, TransportDropReasons.ReceiveError);
        if (IcmpErrorReport.Is(error))
        {
            return false;
        }

        _errors.Report(_listener, "receive failed", detail);
        return true;
    }

    /// <summary>Counts a reply the socket refused and logs it (throttled) unless it is an <see cref="IcmpErrorReport"/>.</summary>
    public void SendFailed(SocketError error, Exception detail)
    {
        _metrics.Dropped(_listener, TransportDropReasons.SendError);
        if (!IcmpErrorReport.Is(error))
        {
            _errors.Report(_listener, "send failed", detail);
        }
    }
}
