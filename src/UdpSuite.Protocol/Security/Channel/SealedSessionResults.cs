namespace UdpSuite.Protocol.Security.Channel;

/// <summary>Why a datagram was dropped. Every drop looks the same on the wire (nothing is sent): it is counted only.</summary>
public enum ChannelDropReason
{
    None,

    /// <summary>Not a chat datagram, or a framing that does not parse.</summary>
    Malformed,

    /// <summary>A version-2 datagram type this side does not take in its current state.</summary>
    Unexpected,

    /// <summary>A TRANSPORT datagram naming no live session.</summary>
    UnknownSession,

    /// <summary>A packet number already received, or older than the replay window.</summary>
    Replay,

    /// <summary>Did not authenticate (corrupted, forged, or for another handshake): dropped as if lost.</summary>
    Authentication,

    /// <summary>Sealed under a key phase this side no longer (or not yet) holds.</summary>
    StaleKeyPhase,

    /// <summary>A handshake datagram for another handshake id.</summary>
    OtherHandshake,

    /// <summary>An INITIATION refused by the load gate (per-address cap or full table).</summary>
    Refused,

    /// <summary>The channel has ended (refused server key, timed out, key exhausted).</summary>
    Closed,
}

/// <summary>The outcome of <see cref="SealedSession.Seal"/>.</summary>
public enum SealStatus
{
    /// <summary>The datagram is written.</summary>
    Sealed,

    /// <summary>The sending key reached the hard limit (2^32 datagrams or 24 h): nothing more may be sealed; end the session.</summary>
    KeyExhausted,
}

/// <summary>What <see cref="SealedSession.Seal"/> produced: the status and the datagram length.</summary>
public readonly record struct SealResult(SealStatus Status, int Length)
{
    public bool IsSealed => Status == SealStatus.Sealed;
}

/// <summary>
/// What <see cref="SealedSession.Open"/> produced. When <see cref="IsOpened"/>, the plaintext buffer holds the inner
/// type at index 0 and the body at 1..1+<see cref="BodyLength"/>; otherwise <see cref="Drop"/> says why.
/// </summary>
public readonly record struct OpenResult(ChannelDropReason Drop, byte InnerType, int BodyLength, ulong PacketNumber)
{
    public bool IsOpened => Drop == ChannelDropReason.None;

    public static OpenResult Dropped(ChannelDropReason reason) => new(reason, 0, 0, 0);
}
