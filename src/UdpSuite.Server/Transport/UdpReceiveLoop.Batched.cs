using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Transport;

/// <summary>The hooks <see cref="LinuxBatchedIo"/> uses so both paths share one dispatch and one set of counters.</summary>
public sealed partial class UdpReceiveLoop
{
    /// <summary>
    /// Use the Linux recvmmsg/sendmmsg fast path (<see cref="LinuxBatchedIo"/>) where supported; elsewhere, or when
    /// false, the portable SocketAddress-based async path runs. Set from <c>Server:BatchedIo</c>.
    /// </summary>
    public bool UseBatchedIo { get; init; }

    /// <summary>Whether <see cref="RunAsync"/> will take the batched path.</summary>
    public bool RunsBatched => UseBatchedIo && LinuxBatchedIo.IsSupported;

    /// <summary>The portable path closes a batch after this many datagrams even when more are queued, so replies keep flowing.</summary>
    private const int MaxPortableBatch = 64;

    private bool _inBatch;
    private int _batchCount;

    /// <summary>Opens a batch for an <see cref="IBatchAwareHandler"/> unless one is open.</summary>
    internal void StartBatchOnce()
    {
        if (_inBatch || _handler is not IBatchAwareHandler batchAware)
        {
            return;
        }

        _inBatch = true;
        _batchCount = 0;
        try
        {
            batchAware.OnBatchStart();
        }
        catch (Exception ex)
        {
            _metrics.Dropped(_name, TransportDropReasons.HandlerError);
            _errors.Report(_name, "handler threw at the start of a batch", ex);
        }
    }

    /// <summary>Portable path: ends the open batch once nothing more waits on the socket (or the batch is full).</summary>
    private void EndBatchWhenDrained()
    {
        if (_inBatch && (++_batchCount >= MaxPortableBatch || SocketIsDrained()))
        {
            EndBatch();
        }
    }

    private bool SocketIsDrained()
    {
        try
        {
            return _socket.Available == 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Ends the open batch, if any: the handler flushes what it deferred.</summary>
    internal void EndBatch()
    {
        if (!_inBatch)
        {
            return;
        }

        _inBatch = false;
        try
        {
            ((IBatchAwareHandler)_handler).OnBatchEnd();
        }
        catch (Exception ex)
        {
            _metrics.Dropped(_name, TransportDropReasons.HandlerError);
            _errors.Report(_name, "handler threw at the end of a batch", ex);
        }
    }

    internal int ReceivedAndDispatch(ReadOnlySpan<byte> request, Span<byte> reply, SocketAddress remote)
    {
        _metrics.Received(_name);
        return Dispatch(request, reply, remote);
    }

    internal void CountSent(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _metrics.Sent(_name);
        }
    }

    internal void ReportBatchedReceiveError(int errno, bool isIcmpReport)
    {
        _metrics.Dropped(_name, TransportDropReasons.ReceiveError);
        if (!isIcmpReport)
        {
            _errors.Report(_name, "receive failed", new Win32Exception(errno));
        }
    }

    internal void ReportBatchedSendError(int errno, bool isIcmpReport)
    {
        _metrics.Dropped(_name, TransportDropReasons.SendError);
        if (!isIcmpReport)
        {
            _errors.Report(_name, "send failed", new Win32Exception(errno));
        }
    }
}
