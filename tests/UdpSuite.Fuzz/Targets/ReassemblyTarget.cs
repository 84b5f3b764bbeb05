using UdpSuite.Protocol.Chat;

namespace UdpSuite.Fuzz.Targets;

/// <summary>
/// Fragment reassembly, model-checked. The input is a script of fragments: each is [id (1 byte, 1 of 48), index,
/// count (1 byte each), length (1 byte), chunk]. They go to a <see cref="Reassembler"/> and to a trivially correct
/// model. Properties: never more than <see cref="Reassembler.MaxPartialMessages"/> partial messages; a completed
/// envelope is exactly the chunks of its message in index order, each as first received since the message was
/// (re)started; whatever the envelope decoders accept re-encodes to the same bytes. Bad headers (count 0, index past
/// count) are refused by <see cref="SessionBodyCodec.TryReadData"/> before reaching the reassembler, as in the relay.
/// </summary>
internal sealed class ReassemblyTarget : IFuzzTarget
{
    public string Name => "reassembly";

    public void Run(ReadOnlySpan<byte> input)
    {
        var reassembler = new Reassembler();
        var model = new Dictionary<Guid, (int Count, byte[]?[] Chunks)>();
        var order = new List<Guid>();
        Span<byte> body = stackalloc byte[ChatWire.MaxSecureBody];
        Span<byte> idBytes = stackalloc byte[16];
        int at = 0;
        int steps = 0;
        while (at + 4 <= input.Length && steps++ < 4096)
        {
            idBytes[15] = (byte)(input[at] % 48);
            var id = new Guid(idBytes, bigEndian: true);
            ushort index = input[at + 1];
            ushort count = (ushort)(input[at + 2] % (SessionBodyCodec.MaxFragments + 2));
            int length = Math.Min(input[at + 3], input.Length - at - 4);
            ReadOnlySpan<byte> chunk = input.Slice(at + 4, length);
            at += 4 + length;

            // The relay reads fragments with the codec first; only what it accepts reaches the reassembler.
            int written = SessionBodyCodec.WriteData(body, id, index, count, chunk);
            if (!SessionBodyCodec.TryReadData(body[..written], out DataFragment fragment))
            {
                Check.That(count == 0 || count > SessionBodyCodec.MaxFragments || index >= count || chunk.IsEmpty, "DATA refused only for a bad header or empty chunk");
                continue;
            }

            byte[]? envelope = reassembler.Add(id, fragment.Index, fragment.Count, fragment.Chunk);
            byte[]? expected = Model(model, order, id, index, count, chunk.ToArray());
            Check.That(reassembler.PartialCount <= Reassembler.MaxPartialMessages, "reassembly holds at most 32 partial messages");
            Check.That(reassembler.PartialCount == model.Count, "reassembler and model agree on partial messages");
            Check.That((envelope is null) == (expected is null), "a message completes exactly when its last fragment arrives");
            if (envelope is not null)
            {
                Check.That(envelope.AsSpan().SequenceEqual(expected), "a completed envelope is its chunks in index order");
                Check.That(envelope.Length <= SessionBodyCodec.MaxFragments * ChatWire.MaxChunk, "an envelope is at most 64 fragments of payload");
                ClientDecoders.Run(envelope);
            }
        }
    }

    /// <summary>What the reassembler must do, written as plainly as possible.</summary>
    private static byte[]? Model(Dictionary<Guid, (int Count, byte[]?[] Chunks)> model, List<Guid> order, Guid id, int index, int count, byte[] chunk)
    {
        if (count == 1)
        {
            model.Remove(id);
            order.Remove(id);
            return chunk;
        }

        if (!model.TryGetValue(id, out (int Count, byte[]?[] Chunks) partial))
        {
            while (model.Count >= Reassembler.MaxPartialMessages && order.Count > 0)
            {
                model.Remove(order[0]);
                order.RemoveAt(0);
            }

            partial = (count, new byte[]?[count]);
            model[id] = partial;
            order.Add(id);
        }

        if (partial.Count != count || partial.Chunks[index] is not null)
        {
            return null;
        }

        partial.Chunks[index] = chunk;
        if (partial.Chunks.Any(c => c is null))
        {
            return null;
        }

        model.Remove(id);
        order.Remove(id);
        return [.. partial.Chunks.SelectMany(c => c!)];
    }

    public IEnumerable<byte[]> Seeds()
    {
        byte[] envelope = EnvelopeCodec.EncodeSubmission(new SubmissionEnvelope("瞎驴", "hello 武大郎"));
        yield return [1, 0, 1, (byte)envelope.Length, .. envelope];
        yield return [2, 1, 2, 3, 0xAA, 0xBB, 0xCC, 2, 0, 2, (byte)envelope.Length, .. envelope, 2, 1, 2, 1, 0x00];
        var many = new List<byte>();
        for (int i = 0; i < 40; i++)
        {
            many.AddRange([(byte)i, 0, 3, 2, (byte)i, (byte)i]);
        }

        yield return [.. many];
    }
}
