using NodaTime;

namespace UdpSuite.Server.Dispatch;

/// <summary>
/// A handler that also sends on its own: the listener gives it a sender bound to its socket once bound, and
/// calls <see cref="OnTick"/> every <see cref="TickInterval"/> (retransmissions, expiry) until the server stops.
/// <see cref="IDatagramHandler.Handle"/> and <see cref="OnTick"/> may run concurrently; the handler serialises its state.
/// </summary>
internal interface IServerInitiatedHandler : IDatagramHandler
{
    /// <summary>How often <see cref="OnTick"/> runs.</summary>
    TimeSpan TickInterval { get; }

    /// <summary>Called once, after the listener's sockets are bound and before any datagram is handled.</summary>
    void AttachSender(IDatagramSender sender);

    /// <summary>Periodic work at <paramref name="now"/>; exceptions are logged by the caller and the ticks go on.</summary>
    void OnTick(Instant now);
}
