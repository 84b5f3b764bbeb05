namespace UdpSuite.Server.Dispatch;

/// <summary>A handler's verdict: send <see cref="ReplyLength"/> bytes, or drop for <see cref="DropReason"/>.</summary>
public readonly record struct HandlerResult(int ReplyLength, string? DropReason)
{
    public bool IsDrop => DropReason is not null;

    public static HandlerResult Reply(int length) => new(length, null);

    /// <summary>Drop without reply; <paramref name="reason"/> is a short constant used as a metric tag.</summary>
    public static HandlerResult Drop(string reason) => new(0, reason);
}
