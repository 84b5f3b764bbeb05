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

    /// <summary>The MAC does not verify: forged, altered, or sent under another user's session id.</summary>
    public const string BadMac = "bad-mac";

    /// <summary>The sequence number was seen before or is older than the replay window.</summary>
    public const string Replay = "replay";

    /// <summary>A type the server does not act on (a reply type, or a reserved one).</summary>
    public const string UnknownType = "unknown-type";
}
