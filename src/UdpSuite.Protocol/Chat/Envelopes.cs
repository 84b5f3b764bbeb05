using System.Text;

namespace UdpSuite.Protocol.Chat;

/// <summary>What a client submits: recipient and text (the DATA fragments carry these bytes).</summary>
public sealed record SubmissionEnvelope(string To, string Text);

/// <summary>
/// What the server delivers: the recipient's inbox sequence number for the message, the inbox sequence of the
/// message before it that the recipient has not yet confirmed (0 when none), when the server committed it,
/// sender, recipient, text. A client shows message n once it has shown <see cref="PreviousSequence"/> (or when
/// that is 0), so several messages can be in flight and still appear in order.
/// </summary>
public sealed record DeliveryEnvelope(ulong ServerSequence, ulong PreviousSequence, long SentAtUnixMilliseconds, string From, string To, string Text)
{
    /// <summary>Set when the message was posted to a group (<see cref="To"/> is then the group's name): see <see cref="GroupEnvelopeCodec"/>.</summary>
    public GroupTag? Group { get; init; }
}

/// <summary>
/// Envelope encodings. Submission: name(to), text. Delivery: u64 inbox sequence, u64 previous unconfirmed sequence, i64 sent-at (Unix ms),
/// name(from), name(to), text. Names are 1-byte-length-prefixed UTF-8; the text is the rest, UTF-8, at most 64 KiB.
/// </summary>
public static class EnvelopeCodec
{
    public static byte[] EncodeSubmission(SubmissionEnvelope envelope)
    {
        byte[] text = Encoding.UTF8.GetBytes(envelope.Text);
        var buffer = new byte[1 + ChatWire.MaxUserNameBytes * 4 + text.Length];
        var w = new WireWriter(buffer);
        w.Name(envelope.To);
        w.Bytes(text);
        return buffer[..w.Position];
    }

    public static bool TryDecodeSubmission(ReadOnlySpan<byte> bytes, out SubmissionEnvelope envelope)
    {
        envelope = null!;
        var r = new WireReader(bytes);
        if (!r.TryName(ChatWire.MaxUserNameBytes, out string to) || !r.TryRestAsText(ChatWire.MaxTextBytes, out string text))
        {
            return false;
        }

        envelope = new SubmissionEnvelope(to, text);
        return true;
    }

    public static byte[] EncodeDelivery(DeliveryEnvelope envelope)
    {
        byte[] text = Encoding.UTF8.GetBytes(envelope.Text);
        var buffer = new byte[24 + 2 + (2 * ChatWire.MaxUserNameBytes * 4) + text.Length];
        var w = new WireWriter(buffer);
        WriteDeliveryHead(ref w, envelope);
        w.Name(envelope.To);
        w.Bytes(text);
        return buffer[..w.Position];
    }

    public static bool TryDecodeDelivery(ReadOnlySpan<byte> bytes, out DeliveryEnvelope envelope)
    {
        envelope = null!;
        var r = new WireReader(bytes);
        if (!TryReadDeliveryHead(ref r, out ulong sequence, out ulong previous, out long sentAt, out string from)
            || !r.TryName(ChatWire.MaxUserNameBytes, out string to) || !r.TryRestAsText(ChatWire.MaxTextBytes, out string text))
        {
            return false;
        }

        envelope = new DeliveryEnvelope(sequence, previous, sentAt, from, to, text);
        return true;
    }

    /// <summary>The fields every delivery starts with, 1:1 and group alike: inbox sequence, previous unconfirmed sequence, sent-at, sender.</summary>
    internal static void WriteDeliveryHead(ref WireWriter w, DeliveryEnvelope envelope)
    {
        w.WriteUInt64(envelope.ServerSequence);
        w.WriteUInt64(envelope.PreviousSequence);
        w.WriteInt64(envelope.SentAtUnixMilliseconds);
        w.Name(envelope.From);
    }

    /// <summary>Reads what <see cref="WriteDeliveryHead"/> wrote.</summary>
    internal static bool TryReadDeliveryHead(ref WireReader r, out ulong sequence, out ulong previous, out long sentAt, out string from)
    {
        from = string.Empty;
        previous = 0;
        sentAt = 0;
        return r.TryUInt64(out sequence) && r.TryUInt64(out previous) && r.TryInt64(out sentAt) && r.TryName(ChatWire.MaxUserNameBytes, out from);
    }

    /// <summary>How many DATA fragments an envelope of <paramref name="length"/> bytes needs.</summary>
    public static int FragmentCount(int length) => Math.Max(1, (length + ChatWire.MaxChunk - 1) / ChatWire.MaxChunk);

    /// <summary>The bytes of fragment <paramref name="index"/>.</summary>
    public static ReadOnlySpan<byte> Fragment(ReadOnlySpan<byte> envelope, int index)
    {
        int start = index * ChatWire.MaxChunk;
        return envelope.Slice(start, Math.Min(ChatWire.MaxChunk, envelope.Length - start));
    }
}
