using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using UdpSuite.Protocol.Discovery;

namespace UdpSuite.Client.Discovery;

/// <summary>
/// Finds UdpSuite servers (docs/PROTOCOL.md, "LAN discovery"): sends a 48-byte DISCOVER with a random nonce to an address
/// — by default the IPv4 limited broadcast 255.255.255.255 on port 8082, with SO_BROADCAST set — sends it once more a third
/// of the way into the wait (one lost probe must not hide a server), and collects every DISCOVER_REPLY that echoes the nonce
/// until the timeout. Each responder is listed once, in the order it answered. Anything else that arrives is ignored.
/// </summary>
public sealed class DiscoveryClient
{
    /// <summary>The default target: the limited broadcast address on the default discovery port.</summary>
    public static readonly IPEndPoint DefaultTarget = new(IPAddress.Broadcast, DiscoveryWire.DefaultPort);

    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    /// <param name="timeout">How long to collect answers.</param>
    /// <param name="time">Clock for round trips and the deadline (tests may pass a fake).</param>
    public DiscoveryClient(TimeSpan timeout, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _timeout = timeout;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Probes <paramref name="target"/> (default <see cref="DefaultTarget"/>) and returns the servers that answered within the timeout.</summary>
    public async Task<IReadOnlyList<DiscoveredServer>> DiscoverAsync(IPEndPoint? target = null, CancellationToken cancellationToken = default)
    {
        target ??= DefaultTarget;
        using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (target.AddressFamily == AddressFamily.InterNetwork)
        {
            // Needed for a broadcast address (limited or a subnet's), harmless for unicast: the kernel decides which it is.
            socket.EnableBroadcast = true;
        }

        socket.Bind(new IPEndPoint(target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        ulong nonce = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(DiscoveryWire.NonceLength));
        byte[] probe = new byte[DiscoveryWire.ProbeLength];
        DiscoveryCodec.WriteProbe(probe, nonce);

        var found = new List<DiscoveredServer>();
        var seen = new HashSet<IPEndPoint>();
        long started = _time.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        Task resend = ResendAsync(socket, probe, target, deadline.Token);
        try
        {
            await SendAsync(socket, probe, target, deadline.Token).ConfigureAwait(false);
            byte[] buffer = new byte[2048];
            var from = new IPEndPoint(target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            while (true)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, deadline.Token).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    continue; // ICMP port unreachable from a host without a server: keep listening for the others
                }

                var responder = (IPEndPoint)received.RemoteEndPoint;
                if (DiscoveryCodec.TryReadAnswer(buffer.AsSpan(0, received.ReceivedBytes), out DiscoveryAnswer answer)
                    && answer.Nonce == nonce && seen.Add(responder))
                {
                    found.Add(DiscoveredServer.From(answer, responder, _time.GetElapsedTime(started)));
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: what answered is the result.
        }
        finally
        {
            await deadline.CancelAsync().ConfigureAwait(false);
            await resend.ConfigureAwait(false);
        }

        return found;
    }

    private async Task ResendAsync(Socket socket, byte[] probe, IPEndPoint target, CancellationToken token)
    {
        try
        {
            await Task.Delay(_timeout / 3, _time, token).ConfigureAwait(false);
            await SendAsync(socket, probe, target, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The search ended first.
        }
    }

    private static async Task SendAsync(Socket socket, byte[] probe, IPEndPoint target, CancellationToken token)
    {
        try
        {
            await socket.SendToAsync(probe, SocketFlags.None, target, token).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // No route (no network yet): the search simply finds nothing.
        }
    }
}
