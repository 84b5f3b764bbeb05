using System.Text;
using UdpSuite.Protocol.Amplification;

namespace UdpSuite.Protocol.PlainText;

/// <summary>
/// Recognises a datagram of plain text sent to one of our binary ports (the classic socket-tutorial chat client sends
/// its UTF-8 line and waits in recvfrom) and writes a one-line hint that names the program to use, so such a client is
/// told something instead of hanging. Pure: the caller decides whether the sender may be answered (rate limit).
/// </summary>
public static class PlainTextHint
{
    /// <summary>
    /// True when <paramref name="datagram"/> is non-empty, well-formed UTF-8 and holds no control character other than
    /// tab, CR and LF: text a person typed. Binary junk, truncated protocol datagrams and terminal escapes are not.
    /// </summary>
    public static bool IsPlainText(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = datagram;
        bool visible = false;
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(rest, out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            if (Rune.IsControl(rune) && rune.Value is not ('\t' or '\r' or '\n'))
            {
                return false;
            }

            visible |= !Rune.IsWhiteSpace(rune);
            rest = rest[consumed..];
        }

        return visible;
    }

    /// <summary>
    /// Copies as much of <paramref name="hint"/> (UTF-8) into <paramref name="destination"/> as the 3x rule allows for a
    /// request of <paramref name="requestLength"/> bytes, cut at a character boundary; returns the length written.
    /// </summary>
    public static int Write(ReadOnlySpan<byte> hint, int requestLength, Span<byte> destination)
    {
        int length = Math.Min(Math.Min(hint.Length, AmplificationLimit.MaxReplyLength(requestLength)), destination.Length);
        while (length > 0 && length < hint.Length && (hint[length] & 0xC0) == 0x80)
        {
            length--; // never split a multi-byte character
        }

        hint[..length].CopyTo(destination);
        return length;
    }
}
