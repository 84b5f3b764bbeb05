using NodaTime;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Transport;

/// <summary>
/// Calls <see cref="IServerInitiatedHandler.OnTick"/> every <see cref="IServerInitiatedHandler.TickInterval"/> with the
/// injected clock's time until cancelled. An exception in one tick is logged (throttled) and the next tick runs.
/// </summary>
internal sealed class HandlerTickLoop
{
    private readonly IServerInitiatedHandler _handler;
    private readonly IClock _clock;
    private readonly ThrottledErrorLog _errors;

    public HandlerTickLoop(IServerInitiatedHandler handler, IClock clock, ThrottledErrorLog errors)
    {
        _handler = handler;
        _clock = clock;
        _errors = errors;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; never throws.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_handler.TickInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    _handler.OnTick(_clock.GetCurrentInstant());
                }
                catch (Exception ex)
                {
                    _errors.Report(_handler.Name, "tick failed", ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
