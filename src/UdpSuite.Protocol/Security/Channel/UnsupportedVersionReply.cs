using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Protocol.Security.Channel;

/// <summary>
/// The only answer a datagram of another protocol version gets: ERROR UnsupportedVersion in <b>version-1 framing</b>
/// (a version-1 client reads only version-1 datagrams, so this is the one reply it can show), never a CHALLENGE and
/// never anything a downgrade could use. It fits the 3x rule for the datagram it answers.
/// </summary>
public static class UnsupportedVersionReply
{
    /// <summary>The text version-1 clients show.</summary>
    public const string Text = "This server speaks chat protocol version 2 only; update the client.";

    /// <summary>
    /// Writes the reply to <paramref name="request"/> into <paramref name="destination"/> and returns its length, or 0
    /// when the request gets no reply: it is not another version's chat datagram, or it is itself an ERROR (two
    /// servers must not answer each other's errors forever).
    /// </summary>
    public static int Write(ReadOnlySpan<byte> request, Span<byte> destination)
    {
        if (ChannelPrefix.Classify(request, out _) != PrefixKind.OtherVersion || request[3] == (byte)ChatMessageType.Error)
        {
            return 0;
        }

        int budget = Math.Min(AmplificationLimit.MaxReplyLength(request.Length), ChatWire.MaxDatagram);
        return HandshakeCodec.WriteError(destination, ChatErrorCode.UnsupportedVersion, Text, budget);
    }
}
