using System.Net;

namespace UdpSuite.Client.Lan;

/// <summary>
/// Remembers the last <c>capacity</c> (endpoint, packet number) pairs of delivered messages, so that a retransmission
/// (its RECVMSG was lost) is acknowledged again but shown once. Bounded: the oldest pair is forgotten first.
/// </summary>
internal sealed class LanDuplicateFilter(int capacity = 4096)
{
    private readonly HashSet<(IPEndPoint, ulong)> _seen = [];
    private readonly Queue<(IPEndPoint, ulong)> _order = new();
    private readonly Lock _gate = new();

    /// <summary>Whether the pair was remembered before.</summary>
    public bool Seen(IPEndPoint from, ulong packetNumber)
    {
        lock (_gate)
        {
            return _seen.Contains((from, packetNumber));
        }
    }

    /// <summary>Remembers the pair (once the message was handed on), forgetting the oldest beyond the capacity.</summary>
    public void Remember(IPEndPoint from, ulong packetNumber)
    {
        lock (_gate)
        {
            if (_seen.Add((from, packetNumber)))
            {
                _order.Enqueue((from, packetNumber));
                if (_order.Count > capacity)
                {
                    _seen.Remove(_order.Dequeue());
                }
            }
        }
    }
}
