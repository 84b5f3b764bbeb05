using System.Text;

namespace UdpSuite.Protocol.Chat;

/// <summary>
/// Envelopes carried by GROUP_DATA fragments. Submission (C→S) is a DATA submission whose name is the group's:
/// name(group), text. Delivery (S→C): u64 inbox sequence, u64 previous unconfirmed inbox sequence, i64 sent-at
/// (Unix ms), name(from), name(group), u64 group sequence, 16-byte group message id (the sender's, RFC 9562 order),
/// text. Decoders never throw.
/// </summary>
public static class GroupEnvelopeCodec
{
    /// <summary>Bytes of a delivery before the text, at most: 3 × u64, two names, u64, id.</summary>
    private const int MaxDeliveryHead = 24 + 2 + (2 * ChatWire.MaxUserNameBytes * 4) + 8 + ChatWire.MessageIdLength;

    public static byte[] EncodeSubmission(string group, string text) => EnvelopeCodec.EncodeSubmission(new SubmissionEnvelope(group, text));

    public static bool TryDecodeSubmission(ReadOnlySpan<byte> bytes, out SubmissionEnvelope envelope) => EnvelopeCodec.TryDecodeSubmission(bytes, out envelope);

    /// <summary>Encodes a delivery of a group message; <paramref name="envelope"/>.Group must be set and its To is ignored (the group's name travels).</summary>
    public static byte[] EncodeDelivery(DeliveryEnvelope envelope)
    {
        GroupTag group = envelope.Group ?? throw new ArgumentException("not a group message", nameof(envelope));
        byte[] text = Encoding.UTF8.GetBytes(envelope.Text);
        var buffer = new byte[MaxDeliveryHead + text.Length];
        var w = new WireWriter(buffer);
        EnvelopeCodec.WriteDeliveryHead(ref w, envelope);
        w.Name(group.Name);
        w.WriteUInt64(group.Sequence);
        w.MessageId(group.MessageId);
        w.Bytes(text);
        return buffer[..w.Position];
    }

    /// <summary>Decodes a group delivery into a <see cref="DeliveryEnvelope"/> whose To is the group's name and whose Group is set.</summary>
    public static bool TryDecodeDelivery(ReadOnlySpan<byte> bytes, out DeliveryEnvelope envelope)
    {
        envelope = null!;
        var r = new WireReader(bytes);
        if (!EnvelopeCodec.TryReadDeliveryHead(ref r, out ulong sequence, out ulong previous, out long sentAt, out string from)
            || !r.TryName(GroupWire.MaxGroupNameBytes, out string group) || !r.TryUInt64(out ulong groupSequence) || !r.TryMessageId(out Guid id)
            || !r.TryRestAsText(ChatWire.MaxTextBytes, out string text))
        {
            return false;
        }

        envelope = new DeliveryEnvelope(sequence, previous, sentAt, from, group, text)
        {
            Group = new GroupTag(group, groupSequence, id),
        };
        return true;
    }
}
