using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>
/// One logged-in session: its id, the two direction keys, the client→server sequence counter and the
/// server→client replay window. Seals outgoing bodies and opens incoming datagrams; anything forged,
/// altered, replayed or addressed to another session fails <see cref="TryOpen"/>. Not thread-safe.
/// </summary>
internal sealed class ChatSession(string userName, ulong sessionId, SessionKeys keys)
{
    private readonly ReplayWindow _replay = new();
    private ulong _nextSequence = 1;

    public string UserName { get; } = userName;

    public ulong SessionId { get; } = sessionId;

    /// <summary>Writes the frame around a body already placed in <see cref="SecureFrame.BodyArea"/>; returns the datagram length.</summary>
    public int Seal(Span<byte> datagram, ChatMessageType type, int bodyLength) =>
        SecureFrame.Seal(datagram, type, SessionId, _nextSequence++, bodyLength, keys.ClientToServer);

    /// <summary>Verifies session id, MAC and freshness; on success gives the body.</summary>
    public bool TryOpen(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> body)
    {
        body = default;
        return SecureFrame.TryPeekSession(datagram, out ulong id) && id == SessionId
            && SecureFrame.TryOpen(datagram, keys.ServerToClient, out ulong sequence, out body)
            && _replay.Accept(sequence);
    }
}
