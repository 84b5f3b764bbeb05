using System.Net;

namespace UdpSuite.Client.Lan;

/// <summary>
/// Who is on the LAN, by endpoint: added or refreshed by every packet, removed by BR_EXIT or after
/// <see cref="LanPeerOptions.PeerExpiry"/> of silence. Bounded: when full, the longest-silent peer makes room.
/// </summary>
internal sealed class LanPeerTable(TimeProvider time, TimeSpan expiry, int capacity = 4096)
{
    private readonly Dictionary<IPEndPoint, LanPeerInfo> _peers = [];
    private readonly Lock _gate = new();

    /// <summary>Peers heard from within the expiry, by name.</summary>
    public IReadOnlyList<LanPeerInfo> Snapshot()
    {
        lock (_gate)
        {
            Prune();
            return [.. _peers.Values.OrderBy(p => p.ShownName, StringComparer.CurrentCultureIgnoreCase).ThenBy(p => p.Endpoint.ToString(), StringComparer.Ordinal)];
        }
    }

    public LanPeerInfo? Find(IPEndPoint endpoint)
    {
        lock (_gate)
        {
            return _peers.TryGetValue(endpoint, out LanPeerInfo? peer) && !Expired(peer) ? peer : null;
        }
    }

    /// <summary>Adds or replaces the entry of <paramref name="peer"/>'s endpoint.</summary>
    public void Upsert(LanPeerInfo peer)
    {
        lock (_gate)
        {
            if (!_peers.ContainsKey(peer.Endpoint) && _peers.Count >= capacity)
            {
                Prune();
                if (_peers.Count >= capacity)
                {
                    _peers.Remove(_peers.Values.MinBy(p => p.LastSeen)!.Endpoint);
                }
            }

            _peers[peer.Endpoint] = peer;
        }
    }

    /// <summary>Marks <paramref name="endpoint"/> as just heard from (a message from a known peer).</summary>
    public LanPeerInfo Touch(IPEndPoint endpoint, Func<LanPeerInfo> create)
    {
        lock (_gate)
        {
            LanPeerInfo peer = _peers.TryGetValue(endpoint, out LanPeerInfo? known) ? known with { LastSeen = time.GetUtcNow() } : create();
            Upsert(peer);
            return peer;
        }
    }

    public bool Remove(IPEndPoint endpoint)
    {
        lock (_gate)
        {
            return _peers.Remove(endpoint);
        }
    }

    private bool Expired(LanPeerInfo peer) => time.GetUtcNow() - peer.LastSeen > expiry;

    private void Prune()
    {
        foreach (LanPeerInfo peer in _peers.Values.Where(Expired).ToArray())
        {
            _peers.Remove(peer.Endpoint);
        }
    }
}
