using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Conversations;

/// <summary>
/// One line of a conversation as the client shows it. <see cref="Peer"/> is the other account (the conversation it
/// belongs to); <see cref="State"/> matters only for messages this user sent.
/// </summary>
internal sealed class ConversationMessage(Guid id, string peer, string sender, string text, DateTimeOffset time, bool outgoing, DeliveryState state)
{
    public Guid Id { get; } = id;

    public string Peer { get; } = peer;

    public string Sender { get; } = sender;

    public string Text { get; } = text;

    public DateTimeOffset Time { get; } = time;

    public bool Outgoing { get; } = outgoing;

    public DeliveryState State { get; set; } = state;

    /// <summary>Why a sent message failed, as the server or the client said (this run only; not stored).</summary>
    public ChatErrorCode FailureCode { get; set; }

    /// <summary>The client's words for the failure (this run only; not stored).</summary>
    public string? FailureReason { get; set; }

    /// <summary>True while the message waits in the local queue because the server is unreachable.</summary>
    public bool Queued { get; set; }
}
