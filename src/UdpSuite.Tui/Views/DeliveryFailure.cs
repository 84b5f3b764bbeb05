using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui.Views;

/// <summary>
/// A failed message in words, and whether sending it again can help: an unknown account or a message too large for
/// the server fails the same way every time, so Ctrl+R leaves those alone; an unreachable or busy server may take it later.
/// </summary>
internal static class DeliveryFailure
{
    /// <summary>The words for why <paramref name="message"/> failed.</summary>
    public static string Describe(ConversationMessage message) => message.FailureCode switch
    {
        ChatErrorCode.UnknownRecipient => "no such account on the server",
        ChatErrorCode.MessageTooLarge => "too large for the server",
        ChatErrorCode.BadUserName => "not a valid account name",
        ChatErrorCode.NotGroupMember => "not a member of this group",
        ChatErrorCode.UnknownGroup => "no such group on the server",
        ChatErrorCode.StoreUnavailable => "the server could not store it",
        ChatErrorCode.TooManyPending or ChatErrorCode.SlowDown => "the server is busy",
        _ when message.FailureReason is { } reason && reason.Contains("deadline", StringComparison.Ordinal) => "server unreachable",
        _ when message.FailureReason is { Length: > 0 } reason => reason,
        _ => "not sent",
    };

    /// <summary>True when sending <paramref name="message"/> again may succeed.</summary>
    public static bool CanRetry(ConversationMessage message) => message.FailureCode is not (
        ChatErrorCode.UnknownRecipient or ChatErrorCode.MessageTooLarge or ChatErrorCode.BadUserName
        or ChatErrorCode.NotGroupMember or ChatErrorCode.UnknownGroup);

    /// <summary>The failure mark: "[failed: no such account on the server]", with the retry key only where it can help.</summary>
    public static string Mark(ConversationMessage message) =>
        $"[failed: {Describe(message)}{(CanRetry(message) ? "; Ctrl+R retries" : string.Empty)}]";
}
