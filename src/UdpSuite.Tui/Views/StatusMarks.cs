using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui.Views;

/// <summary>
/// The marks after a sent message. They are words, not only colours, so they read the same with NO_COLOR and over
/// any terminal.
/// </summary>
internal static class StatusMarks
{
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

        return message.State switch
        {
            DeliveryState.Sending => "[sending]",
            DeliveryState.Sent => "[sent]",
            DeliveryState.Delivered => "[delivered]",
            DeliveryState.Read => "[read]",
            _ => "[failed: Ctrl+R retries]",
        };
    }
}
