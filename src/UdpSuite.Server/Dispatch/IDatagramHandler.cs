namespace UdpSuite.Server.Dispatch;

/// <summary>
/// The decision half of a listener: given one received datagram, write the reply (if any).
/// Handlers are synchronous and allocation-free in steady state; the receive loop owns sockets and buffers.
/// </summary>
public interface IDatagramHandler
{
    /// <summary>Listener name as printed on start-up (<c>time-text</c>, <c>sntp</c>, <c>rfc868</c>, <c>daytime</c>, later <c>chat</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Handles <paramref name="request"/> and writes the reply into <paramref name="reply"/>
    /// (at least 65,507 bytes long). Returns how many bytes to send, or a drop with its reason.
    /// </summary>
    HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context);
}
