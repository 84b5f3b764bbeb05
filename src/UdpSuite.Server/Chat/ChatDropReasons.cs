namespace UdpSuite.Server.Chat;

/// <summary>Why the chat listener dropped a datagram without answering; used as the <c>reason</c> metric tag.</summary>
internal static class ChatDropReasons
{
    /// <summary>No "UC" magic: not a chat datagram.</summary>
    public const string NotChat = "not-chat";

    /// <summary>Chat prefix, but the body does not decode (inside a session: never answered).</summary>
    public const string Malformed = "malformed";

    /// <summary>An authenticated datagram names a session the server does not have (expired, logged out, invented).</summary>
    public const string UnknownSession = "unknown-session";

    /// <summary>The AEAD tag (or a handshake message) does not verify: forged, altered, or sent under another session's id.</summary>
    public const string BadMac = "bad-mac";

    /// <summary>A datagram the state it arrived in does not expect (a handshake datagram type the server never takes, a probe of the wrong size).</summary>
    public const string Unexpected = "unexpected";

    /// <summary>Sealed under a key phase the session no longer (or not yet) has.</summary>
    public const string StaleKeyPhase = "stale-key-phase";

    /// <summary>A handshake opening beyond the pending caps (per address or in total).</summary>
    public const string HandshakeRefused = "handshake-refused";

    /// <summary>The sequence number was seen before or is older than the replay window.</summary>
    public const string Replay = "replay";

    /// <summary>A type the server does not act on (a reply type, or a reserved one).</summary>
    public const string UnknownType = "unknown-type";

    /// <summary>An outgoing answer to an unauthenticated source would have exceeded 3x its request (dropped by the exit).</summary>
    public const string AmplificationExceeded = "amplification-exceeded";

    /// <summary>An outgoing datagram to a path candidate that the path validator did not charge (dropped by the exit).</summary>
    public const string UnchargedPathDatagram = "uncharged-path-datagram";

    /// <summary>
    /// A DATA fragment or RECEIPT that arrived while the store worker is behind (the core's open store request is full,
    /// <see cref="ChatRelayLimits.MaxPendingStoreItems"/>): dropped unacknowledged, so the client resends it later.
    /// </summary>
    public const string StoreBehind = "store-behind";

    /// <summary>The socket refused an outgoing datagram, or no socket was attached yet.</summary>
    public const string SendFailed = "send-failed";

    /// <summary>The metric reason for a drop decided by the channel layer.</summary>
    public static string Of(Protocol.Security.Channel.ChannelDropReason reason) => reason switch
    {
        Protocol.Security.Channel.ChannelDropReason.UnknownSession or Protocol.Security.Channel.ChannelDropReason.Closed => UnknownSession,
        Protocol.Security.Channel.ChannelDropReason.Replay => Replay,
        Protocol.Security.Channel.ChannelDropReason.Authentication => BadMac,
        Protocol.Security.Channel.ChannelDropReason.StaleKeyPhase => StaleKeyPhase,
        Protocol.Security.Channel.ChannelDropReason.Refused => HandshakeRefused,
        Protocol.Security.Channel.ChannelDropReason.Unexpected or Protocol.Security.Channel.ChannelDropReason.OtherHandshake => Unexpected,
        _ => Malformed,
    };
}
