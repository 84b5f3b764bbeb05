namespace UdpSuite.Server.Dispatch;

/// <summary>A handler's verdict: send <see cref="ReplyLength"/> bytes, send nothing (<see cref="NoReply"/>), or drop for <see cref="DropReason"/>.</summary>
public readonly record struct HandlerResult(int ReplyLength, string? DropReason)
{
    private const int NoReplyLength = -1;

    public bool IsDrop => DropReason is not null;

    /// <summary>True when the datagram was accepted and acted on, but needs no reply (e.g. an ACK); it is not counted as a drop.</summary>
    public bool IsNoReply => DropReason is null && ReplyLength == NoReplyLength;

    /// <summary>The datagram was accepted and needs no reply of its own.</summary>
    /// <summary>True when <see cref="ReplyLength"/> bytes are to be sent back.</summary>
    public bool IsReply => DropReason is null && ReplyLength >= 0;

    public static HandlerResult NoReply => new(NoReplyLength, null);

    public static HandlerResult Reply(int length) => new(length, null);

    /// <summary>Drop without reply; <paramref name="reason"/> is a short constant used as a metric tag.</summary>
    public static HandlerResult Drop(string reason) => new(0, reason);
}
