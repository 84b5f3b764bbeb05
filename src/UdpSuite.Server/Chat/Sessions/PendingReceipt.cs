using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Sessions;

/// <summary>
/// A RECEIPT sent (or to be sent) to a client and not yet acknowledged; a newer state for the same message replaces
/// it. The ACK names the state it confirms (<see cref="SessionBodyCodec.ReceiptAckIndex"/>), so a late ACK of an
/// older state never retires a newer one.
/// </summary>
internal sealed class PendingReceipt(ReceiptBody body) : PendingPush<ReceiptBody>(body)
{
    public override ChatMessageType Type => ChatMessageType.Receipt;

    /// <summary>Records an ACK of the receipt in state <paramref name="acknowledged"/>; true when that confirms the current state (the receipt is done).</summary>
    public bool Acknowledge(DeliveryState acknowledged) => IsConfirmedBy((ulong)acknowledged);

    public override int Write(Span<byte> body) => SessionBodyCodec.WriteReceipt(body, Body);

    protected override ulong Rank(ReceiptBody body) => (ulong)body.State;
}
