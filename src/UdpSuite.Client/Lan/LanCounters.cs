using UdpSuite.Protocol.Lan;

namespace UdpSuite.Client.Lan;

/// <summary>
/// What the peer dropped or refused, for logs and tests: one count per decode error, plus the packets that decoded but
/// were not acted on. Thread-safe.
/// </summary>
public sealed class LanCounters
{
    private readonly long[] _decodeErrors = new long[Enum.GetValues<IpMsgDecodeError>().Length];
    private long _received;
    private long _duplicates;
    private long _replacedText;
    private long _rateLimited;
    private long _answersTooLarge;
    private long _unsupported;
    private long _queueFull;
    private long _sendErrors;

    /// <summary>Datagrams received, valid or not.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages seen before (same peer and packet number): acknowledged again, not shown again.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Packets with bytes that were not valid in their encoding (shown with U+FFFD).</summary>
    public long ReplacedText => Interlocked.Read(ref _replacedText);

    /// <summary>BR_ENTRY packets left unanswered by the per-address limit.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>RECVMSG answers not sent: larger than the message they answer, beyond the per-address allowance.</summary>
    public long AnswersTooLarge => Interlocked.Read(ref _answersTooLarge);

    /// <summary>Valid packets of commands this peer does not implement (file transfer, info requests...).</summary>
    public long Unsupported => Interlocked.Read(ref _unsupported);

    /// <summary>Messages dropped (and not acknowledged, so the sender retries) because the reader fell behind.</summary>
    public long QueueFull => Interlocked.Read(ref _queueFull);

    /// <summary>Sends the network refused.</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Datagrams dropped because they were not IP Messenger packets, for <paramref name="error"/>.</summary>
    public long Malformed(IpMsgDecodeError error) => Interlocked.Read(ref _decodeErrors[(int)error]);

    /// <summary>All datagrams dropped as malformed.</summary>
    public long MalformedTotal => _decodeErrors.Sum(count => Interlocked.Read(ref count));

    internal void CountReceived() => Interlocked.Increment(ref _received);

    internal void CountMalformed(IpMsgDecodeError error) => Interlocked.Increment(ref _decodeErrors[(int)error]);

    internal void CountDuplicate() => Interlocked.Increment(ref _duplicates);

    internal void CountReplacedText() => Interlocked.Increment(ref _replacedText);

    internal void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

    internal void CountAnswerTooLarge() => Interlocked.Increment(ref _answersTooLarge);

    internal void CountUnsupported() => Interlocked.Increment(ref _unsupported);

    internal void CountQueueFull() => Interlocked.Increment(ref _queueFull);

    internal void CountSendError() => Interlocked.Increment(ref _sendErrors);
}
