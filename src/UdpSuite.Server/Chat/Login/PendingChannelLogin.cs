using System.Net;

namespace UdpSuite.Server.Chat.Login;

/// <summary>
/// A completed handshake whose login has not finished: where to answer (the validated address) and what LOGIN_START
/// said, so the LOGIN_PROOF is checked against the same account and parameters.
/// </summary>
internal sealed class PendingChannelLogin(SocketAddress peer)
{
    /// <summary>The validated address of the channel (the INITIATION's source until a path challenge moves it).</summary>
    public SocketAddress Peer { get; set; } = peer;

    /// <summary>True while a datagram came from another address and its path challenge is open.</summary>
    public bool HasPathCandidate { get; set; }

    /// <summary>The name of the last LOGIN_START, or null before one arrived.</summary>
    public string? User { get; set; }

    /// <summary>What the LOGIN_PARAMS for <see cref="User"/> said (salt, parameters) and the account behind it, if any.</summary>
    public LoginLookup? Lookup { get; set; }

    /// <summary>The presence the account chose, read with the account (handed to the session it becomes).</summary>
    public Store.PresenceChoice? StoredChoice { get; set; }
}
