using UdpSuite.Protocol.PlainText;
using UdpSuite.Protocol.RateLimiting;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.RateLimiting;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// Answers plain text that arrives on a binary port (chat, discovery) with one line naming the program to use, at most
/// <see cref="RepliesPerSecond"/> per source address (burst <see cref="Burst"/>) and never more than the 3x rule allows:
/// a person with a text client learns what to run, and a spoofed flood of text gets nothing beyond that budget.
/// </summary>
public sealed class PlainTextResponder : IDisposable
{
    /// <summary>Hints one source address may get per second.</summary>
    public const int RepliesPerSecond = 1;

    /// <summary>Hints one source address may get back to back.</summary>
    public const int Burst = 3;

    /// <summary>Drop reason (metric tag) for text over the per-address hint budget.</summary>
    public const string RateLimitedReason = "plain-text-rate-limited";

    private readonly byte[] _hint;
    private readonly KeyedTokenBuckets<ClientAddressKey> _sources =
        new(new TokenBucketSettings(RepliesPerSecond, Burst, TimeSpan.FromSeconds(1), 16_384));

    public PlainTextResponder(string hint)
    {
        ArgumentException.ThrowIfNullOrEmpty(hint);
        _hint = System.Text.Encoding.UTF8.GetBytes(hint);
    }

    /// <summary>The hint of the chat port.</summary>
    public static PlainTextResponder ForChat() =>
        new("UdpSuite chat is encrypted, not plain text: use `udpsuite send` or `udpsuite chat`\n");

    /// <summary>The hint of the discovery port.</summary>
    public static PlainTextResponder ForDiscovery() =>
        new("UdpSuite discovery port, not plain text: use `udpsuite discover`\n");

    /// <summary>
    /// The answer to <paramref name="request"/> when it is plain text (a hint, or a drop over the budget); null when it
    /// is not text, so the listener's own rules apply.
    /// </summary>
    public HandlerResult? TryAnswer(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
    {
        if (!PlainTextHint.IsPlainText(request))
        {
            return null;
        }

        if (_sources.Take(ClientAddressKey.From(context.Remote), context.ReceivedAt) != RateVerdict.Allow)
        {
            return HandlerResult.Drop(RateLimitedReason);
        }

        return HandlerResult.Reply(PlainTextHint.Write(_hint, request.Length, reply));
    }

    public void Dispose() => _sources.Dispose();
}
