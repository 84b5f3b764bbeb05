using System.Runtime.InteropServices;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// Turns SIGINT (Ctrl+C) and SIGTERM into a cancellation token, so a chat command can log out cleanly instead of being
/// killed (the CLI switches System.CommandLine's own signal handling off for the server's generic host).
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public ShutdownSignal(CancellationToken outer)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled on SIGINT, SIGTERM or when the outer token is.</summary>
    public CancellationToken Token => _cancellation.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // we exit ourselves, after logging out
        _cancellation.Cancel();
    }
}
