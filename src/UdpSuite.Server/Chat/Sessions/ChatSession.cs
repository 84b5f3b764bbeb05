using System.Net;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Presence;

namespace UdpSuite.Server.Chat.Sessions;

/// <summary>
/// One logged-in client: its keys, where it last spoke from, both directions' sequence state, its partial
/// messages, its deliveries and receipts in flight. Not thread-safe: the relay's lock guards every session.
/// </summary>
public sealed class ChatSession
{
    private ulong _lastSentSequence;

    public ChatSession(ulong id, string user, SessionKeys keys, SocketAddress peer, Instant openedAt)
    {
        Id = id;
        User = user;
        Keys = keys;
        Peer = peer;
        LastActivity = openedAt;
    }

    public ulong Id { get; }

    public string User { get; }

    public SessionKeys Keys { get; }

    /// <summary>Where the last authenticated datagram came from (clients may change port or address).</summary>
    public SocketAddress Peer { get; private set; }

    /// <summary>When the last authenticated datagram arrived.</summary>
    public Instant LastActivity { get; private set; }

    /// <summary>Client-to-server anti-replay.</summary>
    public ReplayWindow Replay { get; } = new();

    /// <summary>RTO from this client's ACK round trips; used for deliveries and receipts alike.</summary>
    public RetransmissionTimer Retransmission { get; } = new();

    /// <summary>This client's messages being reassembled.</summary>
    public Reassembler Reassembler { get; } = new();

    /// <summary>Messages on their way to this client, in inbox order.</summary>
    internal DeliveryQueue Deliveries { get; } = new();

    /// <summary>Receipts on their way to this client, until it ACKs them.</summary>
    internal Dictionary<Guid, PendingReceipt> Receipts { get; } = [];

    /// <summary>Group counts on their way to this client (as a sender), until it ACKs them.</summary>
    internal Dictionary<Guid, PendingGroupReceipt> GroupReceipts { get; } = [];

    /// <summary>Answers to this client's recent group requests, for retransmitted requests.</summary>
    internal RecentGroupReplies GroupReplies { get; } = new();
    /// <summary>Presence pushes on their way to this client and its last presence/contacts request.</summary>
    internal SessionPresence Presence { get; } = new();

    /// <summary>True until the backlog (undelivered messages, unacknowledged receipts) has been loaded after login.</summary>
    public bool NeedsBacklog { get; set; } = true;

    /// <summary>The next server-to-client sequence number (1, 2, 3, ...).</summary>
    public ulong NextSequence() => ++_lastSentSequence;

    /// <summary>Records an authenticated datagram from <paramref name="from"/> at <paramref name="now"/>; copies the address only when it changed.</summary>
    public void Touch(SocketAddress from, Instant now)
    {
        LastActivity = now;
        if (!from.Equals(Peer))
        {
            Peer = Copy(from);
        }
    }

    /// <summary>A private copy of a (reused, mutable) receive address.</summary>
    public static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }
}
