using System.Buffers.Binary;
using System.Security.Cryptography;
using NodaTime;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Login;

/// <summary>
/// WELCOMEs sent in the last few seconds, keyed by server nonce, so a PROOF the client resent because the WELCOME
/// was lost gets the same WELCOME again instead of LoginExpired. Only the byte-identical PROOF matches. Bounded:
/// expired entries go first, then the oldest. Not thread-safe.
/// </summary>
internal sealed class RecentWelcomes
{
    private readonly Dictionary<UInt128, Entry> _entries = [];
    private readonly Queue<UInt128> _order = new();
    private readonly int _capacity;

    public RecentWelcomes(int capacity) => _capacity = capacity;

    public void Add(ReadOnlySpan<byte> serverNonce, byte[] clientProof, WelcomeMessage welcome, Instant expiresAt)
    {
        while (_order.Count > 0 && (_entries.Count >= _capacity || _order.Count >= 2 * _capacity))
        {
            _entries.Remove(_order.Dequeue());
        }

        UInt128 key = BinaryPrimitives.ReadUInt128BigEndian(serverNonce);
        _entries[key] = new Entry(clientProof, welcome, expiresAt);
        _order.Enqueue(key);
    }

    /// <summary>The WELCOME already sent for this server nonce and exactly this proof, while it is fresh; else null.</summary>
    public WelcomeMessage? Find(ReadOnlySpan<byte> serverNonce, ReadOnlySpan<byte> clientProof, Instant now)
    {
        if (serverNonce.Length != 16 || !_entries.TryGetValue(BinaryPrimitives.ReadUInt128BigEndian(serverNonce), out Entry? entry))
        {
            return null;
        }

        return entry.ExpiresAt > now && CryptographicOperations.FixedTimeEquals(entry.ClientProof, clientProof) ? entry.Welcome : null;
    }

    /// <summary>Drops entries that expired at or before <paramref name="now"/>.</summary>
    public void Prune(Instant now)
    {
        while (_order.TryPeek(out UInt128 oldest) && (!_entries.TryGetValue(oldest, out Entry? entry) || entry.ExpiresAt <= now))
        {
            _order.Dequeue();
            _entries.Remove(oldest);
        }
    }

    private sealed record Entry(byte[] ClientProof, WelcomeMessage Welcome, Instant ExpiresAt);
}
