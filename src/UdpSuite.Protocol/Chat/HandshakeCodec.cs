using System.Text;

namespace UdpSuite.Protocol.Chat;

/// <summary>
/// The version-1-framed ERROR, the one datagram of version 1 that version 2 still writes: the answer to a datagram of
/// another protocol version (<c>UnsupportedVersionReply</c>), cut to the 3x budget of the request; its body layout is
/// also the sealed ERROR's (<c>LoginMessages</c>). The version-1 login that used to live here is gone with version 1.
/// </summary>
public static class HandshakeCodec
{
    public static int WriteError(Span<byte> destination, ChatErrorCode code, string text, int budget)
    {
        var w = new WireWriter(destination);
        w.Prefix(ChatMessageType.Error);
        w.WriteUInt16((ushort)code);
        WriteShortText(ref w, text, budget);
        return w.Position;
    }

    public static bool TryReadError(ReadOnlySpan<byte> datagram, out ErrorMessage error)
    {
        error = default;
        var r = new WireReader(datagram[ChatWire.PrefixLength..]);
        if (!r.TryUInt16(out ushort code) || !r.TryByte(out byte length) || !r.TryBytes(length, out ReadOnlySpan<byte> text))
        {
            return false;
        }

        error = new ErrorMessage((ChatErrorCode)code, Encoding.UTF8.GetString(text));
        return true;
    }

    /// <summary>A 1-byte length and as much of <paramref name="text"/> as fits <paramref name="budget"/>, cut at a character boundary.</summary>
    private static void WriteShortText(ref WireWriter w, string text, int budget)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        int length = Math.Min(Math.Clamp(budget - w.Position - 1, 0, 255), bytes.Length);
        while (length > 0 && length < bytes.Length && (bytes[length] & 0xC0) == 0x80)
        {
            length--; // never split a UTF-8 sequence
        }

        w.Byte((byte)length);
        w.Bytes(bytes.AsSpan(0, length));
    }
}
