namespace UdpSuite.Server.Dispatch;

/// <summary>
/// The decision half of a listener: given one received datagram, write the reply (if any).
/// Handlers are synchronous and own no socket or buffer; the receive loop passes its buffers in. Whether a handler
/// allocates is its own property: the time handlers and discovery allocate nothing per datagram in steady state, the
/// chat handler does (sessions, messages, store writes).
/// </summary>
public interface IDatagramHandler
{
    /// <summary>Listener name as printed on start-up and used as the metric tag (<see cref="Handlers.ListenerNames"/>).</summary>
    string Name { get; }

    /// <summary>
    /// Handles <paramref name="request"/> and writes the reply into <paramref name="reply"/>
    /// (at least 65,507 bytes long). Returns how many bytes to send, or a drop with its reason.
    /// </summary>
    HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context);
}
