using System.Net;

namespace UdpSuite.Client.Lan;

/// <summary>
/// A message sent to a LAN peer. <see cref="Delivery"/> completes with <see cref="LanDeliveryState.Delivered"/> when the
/// RECVMSG arrives or <see cref="LanDeliveryState.Failed"/> after the last retry; <see cref="ReadReceipt"/> completes
/// when the peer's READMSG arrives (never, for a message sent without a read check).
/// </summary>
public sealed class LanOutgoingMessage
{
    private readonly TaskCompletionSource<LanDeliveryState> _delivery = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _read = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal LanOutgoingMessage(IPEndPoint to, ulong packetNumber, string text, bool readCheck)
    {
        To = to;
        PacketNumber = packetNumber;
        Text = text;
        ReadCheck = readCheck;
    }

    public IPEndPoint To { get; }

    public ulong PacketNumber { get; }

    public string Text { get; }

    /// <summary>Whether the message asked for a READMSG.</summary>
    public bool ReadCheck { get; }

    /// <summary>Why the message failed, once <see cref="State"/> is <see cref="LanDeliveryState.Failed"/>.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>Retransmissions so far.</summary>
    public int Retries { get; internal set; }

    public LanDeliveryState State => _read.Task.IsCompleted ? LanDeliveryState.Read
        : _delivery.Task.IsCompleted ? _delivery.Task.Result
        : LanDeliveryState.Sending;

    /// <summary>Delivered or failed.</summary>
    public Task<LanDeliveryState> Delivery => _delivery.Task;

    /// <summary>Completes when the peer reported the message read.</summary>
    public Task ReadReceipt => _read.Task;

    internal void MarkDelivered() => _delivery.TrySetResult(LanDeliveryState.Delivered);

    internal void MarkRead()
    {
        _delivery.TrySetResult(LanDeliveryState.Delivered); // a READMSG implies the message arrived
        _read.TrySetResult();
    }

    internal void MarkFailed(string reason)
    {
        if (!_delivery.Task.IsCompleted)
        {
            FailureReason = reason;
            _delivery.TrySetResult(LanDeliveryState.Failed);
        }
    }
}
