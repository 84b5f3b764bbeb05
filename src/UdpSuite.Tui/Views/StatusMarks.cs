using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui.Views;

/// <summary>
/// The marks after a sent message: ✓ sent (the server stored it), ✓✓ delivered, ✓✓ read, or the failure in words. The
/// ticks come with words, so they read the same with NO_COLOR and over any terminal.
/// </summary>
internal static class StatusMarks
{
    public const string Sent = "✓ sent";
    public const string Delivered = "✓✓ delivered";
    public const string Read = "✓✓ read";

    public static string For(ConversationMessage message)
    {
        if (!message.Outgoing)
        {
            return string.Empty;
        }

        if (message.Queued)
        {
            return "[queued]";
        }

        if (message.IsGroup && message.GroupCounts is { } counts && message.State is DeliveryState.Sent or DeliveryState.Delivered or DeliveryState.Read)
        {
            // Of the members it was committed for (everyone but me): how many have it, how many read it.
            return $"[delivered {counts.Delivered} / read {counts.Read} of {counts.Members}]";
        }

        return message.State switch
        {
            DeliveryState.Sending => "[sending]",
            DeliveryState.Sent => Sent,
            DeliveryState.Delivered => Delivered,
            DeliveryState.Read => Read,
            _ => DeliveryFailure.Mark(message),
        };
    }
}
