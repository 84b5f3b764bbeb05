using System.Text;
using System.Text.Unicode;

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
        w.WriteUInt64(envelope.ServerSequence);
        w.WriteUInt64(envelope.PreviousSequence);
        w.WriteInt64(envelope.SentAtUnixMilliseconds);
        w.Name(envelope.From);
        w.Name(group.Name);
        w.WriteUInt64(group.Sequence);
        SessionBodyCodec.WriteGuid(ref w, group.MessageId);
        w.Bytes(text);
        return buffer[..w.Position];
    }

    /// <summary>Decodes a group delivery into a <see cref="DeliveryEnvelope"/> whose To is the group's name and whose Group is set.</summary>
    public static bool TryDecodeDelivery(ReadOnlySpan<byte> bytes, out DeliveryEnvelope envelope)
    {
        envelope = null!;
        var r = new WireReader(bytes);
        if (!r.TryUInt64(out ulong sequence) || !r.TryUInt64(out ulong previous) || !r.TryInt64(out long sentAt)
            || !r.TryName(ChatWire.MaxUserNameBytes, out string from) || !r.TryName(GroupWire.MaxGroupNameBytes, out string group)
            || !r.TryUInt64(out ulong groupSequence) || !r.TryBytes(ChatWire.MessageIdLength, out ReadOnlySpan<byte> id)
            || r.Remaining > ChatWire.MaxTextBytes || !Utf8.IsValid(r.Rest))
        {
            return false;
        }

        envelope = new DeliveryEnvelope(sequence, previous, sentAt, from, group, Encoding.UTF8.GetString(r.Rest))
        {
            Group = new GroupTag(group, groupSequence, new Guid(id, bigEndian: true)),
        };
        return true;
    }
}
