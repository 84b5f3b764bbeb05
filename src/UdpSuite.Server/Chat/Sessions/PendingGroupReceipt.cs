using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Sessions;

/// <summary>
/// A GROUP_RECEIPT sent (or to be sent) to a group message's sender and not yet acknowledged. Newer counts replace
/// older ones; the ACK names the progress (delivered + read) it confirms, so a late ACK never retires newer counts.
/// </summary>
internal sealed class PendingGroupReceipt(GroupReceiptBody body) : PendingPush<GroupReceiptBody>(body)
{
    public override ChatMessageType Type => ChatMessageType.GroupReceipt;

    /// <summary>True when an ACK of <paramref name="progress"/> confirms the current counts.</summary>
    public bool Acknowledge(int progress) => progress >= 0 && IsConfirmedBy((ulong)progress);

    public override int Write(Span<byte> body) => GroupBodyCodec.WriteReceipt(body, Body);

    protected override ulong Rank(GroupReceiptBody body) => (ulong)body.Progress;
}
