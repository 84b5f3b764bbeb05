using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using UdpSuite.Server.Hosting;
using UdpSuite.Server.Tests.Transport;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Tests.Hosting;

/// <summary>The listener service runs the batched loop exactly when Server:BatchedIo asks for it and the platform has it.</summary>
public class ReceiveLoopSelectionTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Batched_io_picks_the_linux_loop_where_supported_and_the_portable_loop_otherwise(bool batchedIo)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var metrics = new ServerMetrics();
        var dispatcher = new DatagramDispatcher(new ScriptedHandler(), SystemClock.Instance, metrics, new ThrottledErrorLog(NullLogger.Instance, TimeSpan.FromSeconds(10)));

        IReceiveLoop loop = UdpListenerService.CreateLoop(socket, dispatcher, batchedIo);

        Type expected = batchedIo && OperatingSystem.IsLinux() && Environment.Is64BitProcess ? typeof(LinuxBatchedReceiveLoop) : typeof(PortableReceiveLoop);
        Assert.IsType(expected, loop);
    }
}
