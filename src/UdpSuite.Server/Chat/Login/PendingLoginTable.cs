using System.Buffers.Binary;
using NodaTime;

namespace UdpSuite.Server.Chat.Login;

/// <summary>
/// Logins between CHALLENGE and PROOF, keyed by the server nonce. Bounded: expired entries are pruned first and
/// a full table refuses new ones (the HELLO gets ERROR TooManyPending), so a flood of HELLOs costs a fixed amount
/// of memory. Every entry is taken at most once. Not thread-safe.
/// </summary>
internal sealed class PendingLoginTable
{
    private readonly Dictionary<UInt128, PendingLogin> _pending = [];
    private readonly Queue<(UInt128 Key, Instant ExpiresAt)> _expiryOrder = new();
    private readonly int _capacity;

    public PendingLoginTable(int capacity) => _capacity = capacity;

    public int Count => _pending.Count;

    /// <summary>Adds a login; false when the table is full of unexpired logins.</summary>
    public bool TryAdd(PendingLogin login, Instant now)
    {
        Prune(now);
        if (_pending.Count >= _capacity)
        {
            return false;
        }

        UInt128 key = Key(login.Challenge.ServerNonce);
        _pending[key] = login;
        _expiryOrder.Enqueue((key, login.ExpiresAt));
        return true;
    }

    /// <summary>Removes and returns the unexpired login for <paramref name="serverNonce"/>, or null.</summary>
    public PendingLogin? TryTake(ReadOnlySpan<byte> serverNonce, Instant now)
    {
        if (serverNonce.Length != 16 || !_pending.Remove(Key(serverNonce), out PendingLogin? login))
        {
            return null;
        }

        return login.ExpiresAt > now ? login : null;
    }

    /// <summary>Drops every login that expired at or before <paramref name="now"/>.</summary>
    public void Prune(Instant now)
    {
        // All entries live equally long, so insertion order is expiry order.
        while (_expiryOrder.TryPeek(out (UInt128 Key, Instant ExpiresAt) oldest) && oldest.ExpiresAt <= now)
        {
            _expiryOrder.Dequeue();
            if (_pending.TryGetValue(oldest.Key, out PendingLogin? login) && login.ExpiresAt == oldest.ExpiresAt)
            {
                _pending.Remove(oldest.Key);
            }
        }

        // Entries taken early leave their queue slot behind; keep the queue from outgrowing the table.
        if (_expiryOrder.Count > 2 * _capacity)
        {
            _expiryOrder.Clear();
            foreach ((UInt128 key, PendingLogin login) in _pending.OrderBy(p => p.Value.ExpiresAt))
            {
                _expiryOrder.Enqueue((key, login.ExpiresAt));
            }
        }
    }

    private static UInt128 Key(ReadOnlySpan<byte> nonce) => BinaryPrimitives.ReadUInt128BigEndian(nonce);
}
