namespace UdpSuite.Server.Transport;

/// <summary>
/// Receives datagrams on one socket, hands each to its <see cref="DatagramDispatcher"/> and sends the replies.
/// <see cref="PortableReceiveLoop"/> and <see cref="LinuxBatchedReceiveLoop"/> are interchangeable: same dispatcher,
/// same guarantees, different socket calls.
/// </summary>
internal interface IReceiveLoop
{
    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled or the socket is closed. Nothing a datagram or the
    /// network does ends it or makes it throw: handler exceptions, ICMP reports and send failures are counted, logged
    /// (throttled) and the loop goes on. A batch the handler saw open is closed before the task completes.
    /// </summary>
    Task RunAsync(CancellationToken cancellationToken);
}
