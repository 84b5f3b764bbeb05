namespace UdpSuite.Server.Chat.Core;

/// <summary>Why an outgoing chat datagram may go where it goes; <see cref="ChatDatagramExit"/> applies the matching rule.</summary>
internal enum ChatRoute : byte
{
    /// <summary>An answer to the source of an unauthenticated request (probe, handshake, cookie, unsupported version): at most 3x that request.</summary>
    RequestSource,

    /// <summary>To a session's (or a logging-in channel's) validated address: no limit, the address proved it is the client's.</summary>
    ValidatedSession,

    /// <summary>A PATH_CHALLENGE to an address not yet validated: only what the session's path validator charged to its 3x budget.</summary>
    PathCandidate,
}
