using System.Net;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.Sessions.Devices;

namespace UdpSuite.Server.Chat.Sessions;

/// <summary>
/// One logged-in client: its secure channel (keys, packet numbers, replay window), its validated address, its partial
/// messages, its deliveries and receipts in flight. One user may hold several (docs/PROTOCOL.md, "Sessions and
/// devices"): each names its <see cref="Device"/>, and a transient one (a one-shot command's) takes no deliveries and
/// changes no presence. Not thread-safe: the relay's lock guards every session.
/// </summary>
public sealed class ChatSession : IRosterSession
{
    public ChatSession(ulong id, string user, SealedSession channel, SocketAddress peer, Instant openedAt, LoginDevice? device = null)
    {
        Id = id;
        User = user;
        Channel = channel;
        Peer = peer;
        LastActivity = openedAt;
        OpenedAt = openedAt;
        Device = device ?? LoginDevice.Unnamed;
        NeedsBacklog = !Device.Transient; // a transient session gets no deliveries and no backlog of receipts
    }

    /// <summary>The session id: the channel's, from the handshake.</summary>
    public ulong Id { get; }

    public string User { get; }

    /// <summary>The device this session logged in from (id 0, "unnamed device", for clients without the login tail).</summary>
    public LoginDevice Device { get; }

    /// <summary>A one-shot command's session: no deliveries, copies, read sync or presence change.</summary>
    public bool Transient => Device.Transient;

    /// <summary>When the login completed.</summary>
    public Instant OpenedAt { get; }

    /// <summary>Highest log sequence the store has been read through for this session (entries skipped as already confirmed count).</summary>
    internal ulong ReadThrough { get; set; }

    /// <summary>Messages a transient session submitted, so it (and no other transient session) hears their receipts.</summary>
    internal HashSet<Guid> Submitted { get; } = [];

    /// <summary>The channel every datagram of this session is sealed and opened with (owned by the channel server).</summary>
    public SealedSession Channel { get; }

    /// <summary>
    /// The validated address: everything for this session goes here. It changes only when a PATH_CHALLENGE sent to a
    /// new address is answered from there (a copy of the client's datagram sent from elsewhere moves nothing).
    /// </summary>
    public SocketAddress Peer { get; private set; }

    /// <summary>True while a datagram arrived from an address other than <see cref="Peer"/> and its path challenge is open.</summary>
    internal bool HasPathCandidate { get; set; }

    /// <summary>The LOGIN_PROOF that opened this session and its WELCOME body, so a resent proof gets the same WELCOME.</summary>
    internal (byte[] Proof, byte[] Welcome)? Login { get; set; }

    /// <summary>When the last authenticated datagram arrived.</summary>
    public Instant LastActivity { get; private set; }

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

    /// <summary>READ_SYNCs on their way to this client, until it ACKs them.</summary>
    internal Dictionary<Guid, PendingReadSync> ReadSyncs { get; } = [];

    /// <summary>The page answering this client's latest HISTORY_REQUEST, or null.</summary>
    internal HistoryAnswer? History { get; set; }

    /// <summary>The request id of a HISTORY_REQUEST whose store read is in flight (0 = none).</summary>
    internal uint HistoryPending { get; set; }

    /// <summary>The presence the user chose, as the store had it at this login (restored into the tracker after a restart).</summary>
    internal Store.PresenceChoice? StoredChoice { get; set; }

    /// <summary>Answers to this client's recent group requests, for retransmitted requests.</summary>
    internal RecentGroupReplies GroupReplies { get; } = new();
    /// <summary>Presence pushes on their way to this client and its last presence/contacts request.</summary>
    internal SessionPresence Presence { get; } = new();

    /// <summary>True until the backlog (undelivered messages, unacknowledged receipts) has been loaded after login.</summary>
    public bool NeedsBacklog { get; set; }

    /// <summary>True while a store read of this session's deliveries (or backlog) is in flight: at most one at a time.</summary>
    internal bool ReadPending { get; set; }

    /// <summary>True when another read was asked for while one was in flight: issued when it completes.</summary>
    internal bool ReadWanted { get; set; }

    /// <summary>Submissions of this session whose commit is in flight: their resent fragments wait for the completion's answer.</summary>
    internal HashSet<Guid> Committing { get; } = [];

    /// <summary>
    /// Ticks of the first send of the oldest datagram this session has not acknowledged (a delivery fragment, a RECEIPT,
    /// a GROUP_RECEIPT, a PRESENCE push), or long.MaxValue when nothing sent is waiting for an ACK.
    /// </summary>
    internal long UnacknowledgedSinceTicks()
    {
        long since = long.MaxValue;
        foreach (InFlightDelivery delivery in Deliveries.InOrder)
        {
            since = Math.Min(since, delivery.Outbound.UnacknowledgedSinceTicks());
        }

        since = Math.Min(since, Receipts.OldestFirstSendTicks());
        since = Math.Min(since, GroupReceipts.OldestFirstSendTicks());
        since = Math.Min(since, ReadSyncs.OldestFirstSendTicks());
        if (History is { } history)
        {
            since = Math.Min(since, history.Page.UnacknowledgedSinceTicks());
        }

        return Math.Min(since, Presence.OldestFirstSendTicks());
    }

    /// <summary>Records an authenticated datagram at <paramref name="now"/>.</summary>
    public void Touch(Instant now) => LastActivity = now;

    /// <summary>The path to <paramref name="address"/> was validated: send everything there from now on.</summary>
    public void MoveTo(SocketAddress address)
    {
        Peer = Copy(address);
        HasPathCandidate = false;
    }

    /// <summary>A private copy of a (reused, mutable) receive address.</summary>
    public static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }
}
