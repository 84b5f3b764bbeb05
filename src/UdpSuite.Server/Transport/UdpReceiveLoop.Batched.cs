using System.ComponentModel;
using System.Net;

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
