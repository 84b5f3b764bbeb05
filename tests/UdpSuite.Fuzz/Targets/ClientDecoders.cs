using UdpSuite.Protocol.Chat;

namespace UdpSuite.Fuzz.Targets;

/// <summary>
/// Every decoder a chat client (or the server) runs on received bytes, on one input. Decoders must return false
/// rather than throw, and what a fixed-layout decoder accepts must encode back to the same bytes.
/// </summary>
internal static class ClientDecoders
{
    private static readonly byte[] Key = new byte[ChatWire.KeyLength];

    public static void Run(ReadOnlySpan<byte> input)
    {
        Span<byte> buffer = stackalloc byte[ChatWire.MaxDatagram * 2];
        ChatPrefix.TryRead(input, out _);
        ChatPrefix.IsOtherVersion(input);
        SecureFrame.TryPeekSession(input, out _);
        SecureFrame.TryOpen(input, Key, out _, out _);

        if (input.Length >= ChatWire.PrefixLength)
        {
            HandshakeCodec.TryReadHello(input, out _);
            HandshakeCodec.TryReadError(input, out _);
            HandshakeCodec.TryReadProbeReply(input, out _);
            if (HandshakeCodec.TryReadChallenge(input, out ChallengeMessage challenge))
            {
                SamePrefix(input, buffer[..HandshakeCodec.WriteChallenge(buffer, challenge)], "CHALLENGE");
            }

            if (HandshakeCodec.TryReadProof(input, out ProofMessage proof))
            {
                SamePrefix(input, buffer[..HandshakeCodec.WriteProof(buffer, proof)], "PROOF");
            }

            if (HandshakeCodec.TryReadWelcome(input, out WelcomeMessage welcome))
            {
                SamePrefix(input, buffer[..HandshakeCodec.WriteWelcome(buffer, welcome)], "WELCOME");
            }

            if (HandshakeCodec.TryReadRegister(input, out RegisterMessage register))
            {
                SamePrefix(input, buffer[..HandshakeCodec.WriteRegister(buffer, register)], "REGISTER");
            }
        }

        if (SessionBodyCodec.TryReadData(input, out DataFragment fragment))
        {
            Check.That(fragment.Count is > 0 and <= SessionBodyCodec.MaxFragments && fragment.Index < fragment.Count && !fragment.Chunk.IsEmpty, "DATA header within bounds");
            int length = SessionBodyCodec.WriteData(buffer, new Guid(fragment.MessageId, bigEndian: true), fragment.Index, fragment.Count, fragment.Chunk);
            Check.That(buffer[..length].SequenceEqual(input), "DATA re-encodes to the same bytes");
        }

        if (SessionBodyCodec.TryReadAck(input, out AckBody ack))
        {
            Same(input, buffer[..SessionBodyCodec.WriteAck(buffer, ack)], "ACK");
        }

        if (SessionBodyCodec.TryReadReceipt(input, out ReceiptBody receipt))
        {
            Same(input, buffer[..SessionBodyCodec.WriteReceipt(buffer, receipt)], "RECEIPT");
        }

        if (SessionBodyCodec.TryReadReject(input, out RejectBody reject))
        {
            Same(input, buffer[..SessionBodyCodec.WriteReject(buffer, reject)], "REJECT");
        }

        if (EnvelopeCodec.TryDecodeSubmission(input, out SubmissionEnvelope? submission))
        {
            Check.That(EnvelopeCodec.EncodeSubmission(submission).AsSpan().SequenceEqual(input), "a submission envelope re-encodes to the same bytes");
        }

        if (EnvelopeCodec.TryDecodeDelivery(input, out DeliveryEnvelope? delivery))
        {
            Check.That(EnvelopeCodec.EncodeDelivery(delivery).AsSpan().SequenceEqual(input), "a delivery envelope re-encodes to the same bytes");
        }
    }

    /// <summary>Fixed-layout bodies: the encoding is the prefix of the input that the decoder consumed (trailing bytes are ignored).</summary>
    private static void Same(ReadOnlySpan<byte> input, ReadOnlySpan<byte> encoded, string what) =>
        Check.That(input.StartsWith(encoded), $"{what} re-encodes to the bytes it was read from");

    private static void SamePrefix(ReadOnlySpan<byte> input, ReadOnlySpan<byte> encoded, string what) =>
        Check.That(encoded.Length >= ChatWire.PrefixLength && input[ChatWire.PrefixLength..].StartsWith(encoded[ChatWire.PrefixLength..]), $"{what} re-encodes to the bytes it was read from");
}
