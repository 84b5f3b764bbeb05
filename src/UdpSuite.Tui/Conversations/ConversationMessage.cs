using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Conversations;

/// <summary>
/// One line of a conversation as the client shows it. <see cref="Peer"/> is the other account, or the group's name when
/// <see cref="IsGroup"/> (<see cref="Conversation"/> names both); <see cref="Sender"/> is who wrote it (in a group, each
/// member). <see cref="State"/> matters only for messages this user sent.
/// </summary>
internal sealed class ConversationMessage(Guid id, string peer, string sender, string text, DateTimeOffset time, bool outgoing, DeliveryState state, bool isGroup = false)
{
    public Guid Id { get; } = id;

    public string Peer { get; } = peer;

    public string Sender { get; } = sender;

    public string Text { get; } = text;

    public DateTimeOffset Time { get; } = time;

    public bool Outgoing { get; } = outgoing;

    /// <summary>True for a message posted to the group <see cref="Peer"/>.</summary>
    public bool IsGroup { get; } = isGroup;

    /// <summary>The conversation it belongs to.</summary>
    public ConversationId Conversation => new(Peer, IsGroup);

    public DeliveryState State { get; set; } = state;

    /// <summary>Why a sent message failed, as the server or the client said (this run only; not stored).</summary>
    public ChatErrorCode FailureCode { get; set; }

    /// <summary>Why a sent message failed, in the client's words (null unless <see cref="State"/> is Failed and the reason is known; this run only).</summary>
    public string? FailureReason { get; set; }

    /// <summary>True while the message waits in the local queue because the server is unreachable.</summary>
    public bool Queued { get; set; }

    /// <summary>For a group message this user sent: how many members have it and read it (null until the server counted; not kept across restarts).</summary>
    public GroupDeliveryCounts? GroupCounts { get; set; }
}
