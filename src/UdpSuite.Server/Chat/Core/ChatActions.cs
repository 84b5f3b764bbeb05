using System.Net;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// What the relay core decided for one input: the datagrams to send, in order, with their bytes copied into one reused
/// buffer (no allocation per datagram in steady state), and the store requests (<see cref="StoreBatch"/>) to run. The
/// owner runs the datagrams and calls <see cref="Clear"/>, and hands the store requests to the store worker and calls
/// <see cref="ClearStoreRequests"/> (the two are independent: no datagram waits for a store request of the same
/// input; what depends on the store is decided at its completion). When
/// <see cref="Capacity"/> datagrams wait, the next append first hands them to the drain given at construction (the
/// I/O shell sends them, so a tick that retransmits to thousands of sessions needs no unbounded buffer); without a
/// drain (tests) the buffer grows. Not thread-safe: the core's lock.
/// </summary>
internal sealed class ChatActions
{
    /// <summary>Datagrams kept before the drain runs.</summary>
    public const int Capacity = 64;

    private readonly Action<ChatActions>? _drain;
    private ChatAction[] _actions = new ChatAction[Capacity];
    private byte[] _bytes = new byte[Capacity * ChatWire.MaxDatagram];
    private readonly List<StoreBatch> _storeRequests = [];
    private int _used;

    public ChatActions(Action<ChatActions>? drain = null) => _drain = drain;

    /// <summary>Datagrams waiting.</summary>
    public int Count { get; private set; }

    public ChatAction this[int index] => index < Count ? _actions[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The bytes of <paramref name="action"/>.</summary>
    public ReadOnlySpan<byte> Datagram(in ChatAction action) => _bytes.AsSpan(action.Offset, action.Length);

    /// <summary>An answer of an unauthenticated request of <paramref name="requestLength"/> bytes, to its source.</summary>
    public void ToRequestSource(ReadOnlySpan<byte> datagram, SocketAddress source, int requestLength) =>
        Append(ChatRoute.RequestSource, datagram, source, requestLength);

    /// <summary>A sealed datagram of a session, to its validated address.</summary>
    public void ToValidatedSession(ReadOnlySpan<byte> datagram, SocketAddress validated) =>
        Append(ChatRoute.ValidatedSession, datagram, validated, 0);

    /// <summary>A PATH_CHALLENGE to <paramref name="candidate"/>, whose <paramref name="charged"/> bytes the path validator counted.</summary>
    public void ToPathCandidate(ReadOnlySpan<byte> datagram, SocketAddress candidate, int charged) =>
        Append(ChatRoute.PathCandidate, datagram, candidate, charged);

    /// <summary>Store requests waiting to be run, in issue order.</summary>
    public IReadOnlyList<StoreBatch> StoreRequests => _storeRequests;

    /// <summary>A store request: run <paramref name="batch"/> on the store worker, then complete it in the core.</summary>
    public void Store(StoreBatch batch) => _storeRequests.Add(batch);

    /// <summary>Forgets the store requests (after they were handed to the worker).</summary>
    public void ClearStoreRequests() => _storeRequests.Clear();

    /// <summary>Forgets every datagram (after they were run); the buffers are kept for the next input.</summary>
    public void Clear()
    {
        Array.Clear(_actions, 0, Count); // no stale references to addresses of ended sessions
        Count = 0;
        _used = 0;
    }

    private void Append(ChatRoute route, ReadOnlySpan<byte> datagram, SocketAddress destination, int allowance)
    {
        if (Count == _actions.Length || _used + datagram.Length > _bytes.Length)
        {
            MakeRoom(datagram.Length);
        }

        datagram.CopyTo(_bytes.AsSpan(_used));
        _actions[Count++] = new ChatAction(route, destination, _used, datagram.Length, allowance);
        _used += datagram.Length;
    }

    private void MakeRoom(int length)
    {
        if (_drain is not null)
        {
            _drain(this);
            if (Count == 0 && length <= _bytes.Length)
            {
                return;
            }
        }

        Array.Resize(ref _actions, _actions.Length * 2);
        Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + length));
    }
}
