using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using UdpSuite.Protocol.Discovery;

namespace UdpSuite.Client.Discovery;

/// <summary>
/// Finds servers the way a new user needs: the discovery probe sent at once to every target — the broadcast address of
/// each IPv4 interface that is up (and the limited broadcast), plus hosts the user configured (a server on another
/// subnet, or on this host) — each answer listed once, in the order they came. Built on <see cref="DiscoveryClient"/>.
/// </summary>
public sealed class ServerFinder(TimeSpan timeout, TimeProvider? time = null)
{
    private readonly DiscoveryClient _client = new(timeout, time);

    /// <summary>
    /// The broadcast targets on <paramref name="port"/>: 255.255.255.255, and the directed broadcast of every IPv4
    /// address of every interface that is up, loopback excluded (a loopback server is found as a configured host).
    /// </summary>
    public static IReadOnlyList<IPEndPoint> BroadcastTargets(int port = DiscoveryWire.DefaultPort)
    {
        var targets = new List<IPEndPoint> { new(IPAddress.Broadcast, port) };
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return targets; // no interface list here: the limited broadcast still goes out
        }

        foreach (NetworkInterface nic in interfaces.Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback))
        {
            foreach (UnicastIPAddressInformation unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && unicast.IPv4Mask is { } mask && !IPAddress.IsLoopback(unicast.Address))
                {
                    var broadcast = new IPEndPoint(DirectedBroadcast(unicast.Address, mask), port);
                    if (!targets.Contains(broadcast))
                    {
                        targets.Add(broadcast);
                    }
                }
            }
        }

        return targets;
    }

    /// <summary><paramref name="address"/> with every host bit set under <paramref name="mask"/>.</summary>
    public static IPAddress DirectedBroadcast(IPAddress address, IPAddress mask)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(mask);
        byte[] bytes = address.GetAddressBytes();
        byte[] maskBytes = mask.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] |= (byte)~maskBytes[i];
        }

        return new IPAddress(bytes);
    }

    /// <summary>Probes every target at once; returns the servers that answered within the timeout, each once.</summary>
    public async Task<IReadOnlyList<DiscoveredServer>> FindAsync(IEnumerable<IPEndPoint> targets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        IReadOnlyList<DiscoveredServer>[] answers = await Task.WhenAll(targets.Distinct().Select(t => _client.DiscoverAsync(t, cancellationToken))).ConfigureAwait(false);
        var found = new List<DiscoveredServer>();
        foreach (DiscoveredServer server in answers.SelectMany(a => a).OrderBy(s => s.RoundTrip))
        {
            // The same server answers a broadcast and a configured-host probe: one entry per chat endpoint and key.
            if (!found.Any(f => Equals(f.Chat, server.Chat) && f.ServerKey.Span.SequenceEqual(server.ServerKey.Span)))
            {
                found.Add(server);
            }
        }

        return found;
    }
}
