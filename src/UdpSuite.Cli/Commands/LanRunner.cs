using System.Globalization;
using System.Net.Sockets;
using UdpSuite.Client.Lan;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// What every IP Messenger command does around its work: read the settings, start a <see cref="LanPeer"/> (a taken
/// port is an error for <c>listen</c>, and for one-shot commands a note and any free port: answers come back to the port
/// a packet came from), stop it with BR_EXIT on the way out (also on Ctrl+C/SIGTERM), and turn failures into one
/// stderr line and an exit code.
/// </summary>
internal static class LanRunner
{
    public static async Task<int> RunAsync(
        string commandName, Func<LanPeerOptions> settings, bool anyPortWhenTaken, Func<LanPeer, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        LanPeerOptions options;
        try
        {
            options = settings();
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite {commandName}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        LanPeer peer;
        try
        {
            peer = Start(options);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite {commandName}: Client:Lan:Encoding: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && anyPortWhenTaken)
        {
            await Console.Error.WriteLineAsync($"udpsuite {commandName}: LAN port {options.Port} is taken (another IP Messenger on this host?); using any free port").ConfigureAwait(false);
            peer = Start(options with { Port = 0 });
        }
        catch (SocketException ex)
        {
            string why = ex.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? $"LAN port {options.Port} is taken (another IP Messenger, FeiQ or 'udpsuite listen --lan' on this host?); choose another with --lan-port"
                : $"cannot open LAN port {options.Port}: {ex.Message}";
            await Console.Error.WriteLineAsync($"udpsuite {commandName}: {why}").ConfigureAwait(false);
            return ExitCodes.Error;
        }

        using var signal = new ShutdownSignal(cancellationToken);
        await using (peer.ConfigureAwait(false))
        {
            try
            {
                return await work(peer, signal.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (signal.Token.IsCancellationRequested)
            {
                return ExitCodes.Ok; // Ctrl+C or SIGTERM: BR_EXIT goes out as the peer is disposed
            }
        }
    }

    /// <summary>Waits (polling the peer table, at most <paramref name="timeout"/>) for a peer matching <paramref name="match"/>.</summary>
    public static async Task<LanPeerInfo?> WaitForPeerAsync(LanPeer peer, Func<LanPeerInfo, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTimeOffset end = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            LanPeerInfo[] found = [.. peer.Peers.Where(match)];
            if (found.Length > 0 || DateTimeOffset.UtcNow >= end)
            {
                return found.Length == 1 ? found[0] : null;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>NICKNAME (user@host ADDRESS:PORT)</c>.</summary>
    public static string Describe(LanPeerInfo peer) =>
        string.Create(CultureInfo.InvariantCulture, $"{peer.ShownName} ({peer.User}@{peer.Host} {peer.Endpoint})");

    private static LanPeer Start(LanPeerOptions options)
    {
        var peer = new LanPeer(options);
        try
        {
            peer.Start();
            return peer;
        }
        catch
        {
            peer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }
}
