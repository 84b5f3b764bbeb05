namespace UdpSuite.Protocol.Sntp;

/// <summary>
/// The responder's decision: <see cref="Length"/> reply bytes were written (time reply or KoD), or the request is
/// dropped for <see cref="DropReason"/> (a short constant fit for a metric tag).
/// </summary>
public readonly record struct SntpResponse(SntpResponseKind Kind, int Length, string? DropReason)
{
    public static SntpResponse Drop(string reason) => new(SntpResponseKind.Drop, 0, reason);
}
