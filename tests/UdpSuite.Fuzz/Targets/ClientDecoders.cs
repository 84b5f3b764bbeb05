using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Channel.Login;

namespace UdpSuite.Fuzz.Targets;

/// <summary>
/// Every decoder a chat client (or the server) runs on received bytes, on one input. Decoders must return false
/// rather than throw, and what a fixed-layout decoder accepts must encode back to the same bytes.
/// </summary>
internal static class ClientDecoders
{

    public static void Run(ReadOnlySpan<byte> input)
    {
        Span<byte> buffer = stackalloc byte[ChatWire.MaxDatagram * 2];
        ChatPrefix.TryRead(input, out _);
        ChannelPrefix.Classify(input, out _);
        TransportHeader.TryPeekSessionId(input, out _);
        HandshakeDatagrams.TryReadCookieReply(input, out _, out _);
        HandshakeDatagrams.TryReadResponse(input, out _);
        HandshakeDatagrams.TryReadResponsePayload(input, out _, out _);
        ProbeDatagrams.TryReadProbeReply(input, out _);
        if (input.Length >= ChatWire.PrefixLength)
        {
            HandshakeCodec.TryReadError(input, out _);
        }

        // The login bodies a client opens (sealed; here as raw bodies): what decodes must encode back to the same bytes.
        if (LoginMessages.TryReadLoginParameters(input, out LoginParameters? parameters))
        {
            Same(input, buffer[..LoginMessages.WriteLoginParameters(buffer, parameters!)], "LOGIN_PARAMS");
        }

        if (LoginMessages.TryReadError(input, out ChannelError? error))
        {
            Same(input, buffer[..LoginMessages.WriteError(buffer, error!)], "sealed ERROR");
        }

        LoginMessages.TryReadWelcome(input, out _);

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
}
