namespace UdpSuite.Server.Chat.Relay.Groups;

/// <summary>Group events counted in <see cref="ChatCounters"/> (the <c>event</c> tag of <c>udpsuite.server.chat.events</c>).</summary>
internal static class GroupEvents
{
    public const string Committed = "group-committed";
    public const string DuplicateSubmission = "group-duplicate-submission";
    public const string Request = "group-request";
    public const string RequestRefused = "group-request-refused";
    public const string RepeatedRequest = "group-request-repeated";
}
