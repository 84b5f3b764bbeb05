using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Tests.Transport;

/// <summary>Builds either receive loop around a handler, as the listener service does.</summary>
internal static class TestLoops
{
    /// <summary>Every loop this machine runs: the portable one everywhere, the batched one on 64-bit Linux.</summary>
    public static TheoryData<ReceiveLoopKind> Available
    {
        get
        {
            var kinds = new TheoryData<ReceiveLoopKind> { ReceiveLoopKind.Portable };
            if (LinuxBatchedReceiveLoop.IsSupported)
            {
                kinds.Add(ReceiveLoopKind.LinuxBatched);
            }

            return kinds;
        }
    }

    public static IReceiveLoop Create(ReceiveLoopKind kind, Socket socket, IDatagramHandler handler, ServerMetrics metrics)
    {
        var dispatcher = new DatagramDispatcher(handler, SystemClock.Instance, metrics, new ThrottledErrorLog(NullLogger.Instance, TimeSpan.FromSeconds(10)));
        return kind == ReceiveLoopKind.LinuxBatched
            ? new LinuxBatchedReceiveLoop(socket, dispatcher)
            : new PortableReceiveLoop(socket, dispatcher);
    }
}
