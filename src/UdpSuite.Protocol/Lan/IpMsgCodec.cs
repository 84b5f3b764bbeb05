using System.Globalization;
using System.Text;

namespace UdpSuite.Protocol.Lan;

/// <summary>
/// Reads and writes IP Messenger packets: <c>version:packetNo:user:host:command:text\0part\0...\0</c>, fields
/// separated by ASCII colons, numbers in decimal, at most <see cref="IpMsgWire.MaxPacket"/> bytes. The text is UTF-8
/// when the command carries UTF8OPT (or the caller knows the peer uses UTF-8, or an iptux entry names utf-8 in its last
/// part), otherwise the given legacy code page. Splitting happens on bytes before decoding: neither GB18030 nor UTF-8
/// ever uses 0x3A (':') or 0x00 inside a multi-byte character. Pure: no sockets, no clock; never throws on input.
/// </summary>
public static class IpMsgCodec
{
    private const byte Colon = (byte)':';
    private const int MaxNameLength = 255;

    /// <summary>
    /// Decodes <paramref name="datagram"/>; every malformed input is a typed <see cref="IpMsgDecodeError"/>.
    /// <paramref name="peerUsesUtf8"/>: the sender announced UTF-8 earlier; its packets without UTF8OPT are then read as
    /// UTF-8 when they are valid UTF-8.
    /// Undecodable bytes in text are not an error: they read as U+FFFD and are counted in
    /// <see cref="IpMsgPacket.ReplacedCharacters"/>.
    /// </summary>
    public static IpMsgDecodeResult Decode(ReadOnlySpan<byte> datagram, Encoding legacy, bool peerUsesUtf8 = false)
    {
        ArgumentNullException.ThrowIfNull(legacy);
        if (datagram.IsEmpty)
        {
            return IpMsgDecodeResult.Failure(IpMsgDecodeError.Empty);
        }

        if (datagram.Length > IpMsgWire.MaxPacket)
        {
            return IpMsgDecodeResult.Failure(IpMsgDecodeError.TooLarge);
        }

        Span<int> colons = stackalloc int[5];
        int found = 0;
        for (int i = 0; i < datagram.Length && found < colons.Length; i++)
        {
            if (datagram[i] == 0)
            {
                break; // a NUL before the fifth colon: a truncated or foreign packet
            }

            if (datagram[i] == Colon)
            {
                colons[found++] = i;
            }
        }

        if (found < colons.Length)
        {
            return IpMsgDecodeResult.Failure(IpMsgDecodeError.MissingFields);
        }

        ReadOnlySpan<byte> version = datagram[..colons[0]];
        ReadOnlySpan<byte> number = datagram[(colons[0] + 1)..colons[1]];
        ReadOnlySpan<byte> user = datagram[(colons[1] + 1)..colons[2]];
        ReadOnlySpan<byte> host = datagram[(colons[2] + 1)..colons[3]];
        ReadOnlySpan<byte> commandBytes = datagram[(colons[3] + 1)..colons[4]];
        ReadOnlySpan<byte> rest = datagram[(colons[4] + 1)..];

        if (version.IsEmpty || version[0] != (byte)'1')
        {
            return IpMsgDecodeResult.Failure(IpMsgDecodeError.BadVersion);
        }

        if (!TryReadDecimal(number, out ulong packetNumber))
        {
            return IpMsgDecodeResult.Failure(IpMsgDecodeError.BadPacketNumber);
        }

        if (!TryReadDecimal(commandBytes, out ulong commandValue) || commandValue > uint.MaxValue)
        {
            return IpMsgDecodeResult.Failure(IpMsgDecodeError.BadCommand);
        }

        uint command = (uint)commandValue;
        // Without UTF8OPT, a peer known to use UTF-8 (iptux, which does not set the bit) is read as UTF-8 only when the
        // bytes are valid UTF-8: a GB18030 packet from it (or from an IP Messenger that only announced CAPUTF8OPT) is
        // practically never valid UTF-8, so it is still read right.
        bool utf8 = IpMsgCommand.Has(command, IpMsgCommand.Utf8Opt)
            || ((peerUsesUtf8 || (IpMsgCommand.IsEntry(command) && EntryNamesUtf8(rest))) && System.Text.Unicode.Utf8.IsValid(datagram));
        Encoding encoding = utf8 ? IpMsgEncodings.Utf8 : legacy;

        string userText = encoding.GetString(user);
        string hostText = encoding.GetString(host);
        if (!IsName(userText) || !IsName(hostText))
        {
            return IpMsgDecodeResult.Failure(IpMsgDecodeError.BadName);
        }

        var parts = new List<string>();
        foreach (Range range in rest.Split((byte)0))
        {
            parts.Add(encoding.GetString(rest[range]));
        }

        while (parts.Count > 1 && parts[^1].Length == 0)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        string text = parts[0];
        parts.RemoveAt(0);
        string versionText = encoding.GetString(version);
        int replaced = CountReplacements(versionText) + CountReplacements(userText) + CountReplacements(hostText) + CountReplacements(text)
            + parts.Sum(CountReplacements);
        var packet = new IpMsgPacket(versionText, packetNumber, userText, hostText, command, text, parts)
        {
            Utf8 = utf8,
            ReplacedCharacters = replaced,
        };
        return IpMsgDecodeResult.Success(packet);
    }

    /// <summary>
    /// Writes <paramref name="packet"/> into <paramref name="destination"/>: UTF-8 when its command carries UTF8OPT,
    /// otherwise <paramref name="legacy"/> (characters it lacks become '?'); the text, then each part after a NUL, then
    /// a final NUL. NULs inside text or parts become U+FFFD (they would move the fields). False, with nothing
    /// promised about <paramref name="destination"/>, when the packet would exceed <see cref="IpMsgWire.MaxPacket"/>
    /// bytes or the destination. Throws <see cref="ArgumentException"/> for a version, user or host that cannot be
    /// written (a colon, a control character, a version not starting with "1"): those are our own settings.
    /// </summary>
    public static bool TryEncode(IpMsgPacket packet, Encoding legacy, Span<byte> destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(legacy);
        written = 0;
        if (packet.Version.Length == 0 || packet.Version[0] != '1' || packet.Version.Contains(':', StringComparison.Ordinal) || !IsName(packet.Version))
        {
            throw new ArgumentException($"version '{packet.Version}' must start with 1 and contain no colon or control character", nameof(packet));
        }

        if (!IsHeaderName(packet.User) || !IsHeaderName(packet.Host))
        {
            throw new ArgumentException($"user '{packet.User}' and host '{packet.Host}' must be at most {MaxNameLength} characters without colons or control characters", nameof(packet));
        }

        Encoding encoding = packet.Has(IpMsgCommand.Utf8Opt) ? IpMsgEncodings.Utf8 : legacy;
        var text = new StringBuilder();
        text.Append(packet.Version).Append(':')
            .Append(packet.PacketNumber.ToString(CultureInfo.InvariantCulture)).Append(':')
            .Append(packet.User).Append(':')
            .Append(packet.Host).Append(':')
            .Append(packet.Command.ToString(CultureInfo.InvariantCulture)).Append(':')
            .Append(WithoutNul(packet.Text));
        foreach (string part in packet.Parts)
        {
            text.Append('\0').Append(WithoutNul(part));
        }

        text.Append('\0');
        string whole = text.ToString();
        int length = encoding.GetByteCount(whole);
        if (length > IpMsgWire.MaxPacket || length > destination.Length)
        {
            return false;
        }

        written = encoding.GetBytes(whole, destination);
        return true;
    }

    /// <summary><see cref="TryEncode"/> into a new array, or null when the packet would exceed <see cref="IpMsgWire.MaxPacket"/>.</summary>
    public static byte[]? Encode(IpMsgPacket packet, Encoding legacy)
    {
        byte[] buffer = new byte[IpMsgWire.MaxPacket];
        return TryEncode(packet, legacy, buffer, out int written) ? buffer[..written] : null;
    }

    /// <summary>Whether <paramref name="part"/> names UTF-8 ("utf-8", "utf8", any case), as iptux's entries do.</summary>
    public static bool IsUtf8Name(string part) =>
        part.Trim().Equals("utf-8", StringComparison.OrdinalIgnoreCase) || part.Trim().Equals("utf8", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether an entry's third NUL-separated part after the nickname (iptux: nickname, group, icon, encoding) is ASCII "utf-8".</summary>
    private static bool EntryNamesUtf8(ReadOnlySpan<byte> rest)
    {
        int index = 0;
        foreach (Range range in rest.Split((byte)0))
        {
            if (index++ == 3)
            {
                return IsUtf8Name(Encoding.ASCII.GetString(rest[range]));
            }
        }

        return false;
    }

    private static bool TryReadDecimal(ReadOnlySpan<byte> digits, out ulong value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > IpMsgWire.MaxNumberDigits)
        {
            return false;
        }

        foreach (byte digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            ulong next = (value * 10) + (ulong)(digit - '0');
            if (value > ulong.MaxValue / 10 || next < value * 10)
            {
                return false; // overflow
            }

            value = next;
        }

        return true;
    }

    private static bool IsName(string name) => name.Length <= MaxNameLength && !name.Any(char.IsControl);

    private static bool IsHeaderName(string name) => IsName(name) && !name.Contains(':', StringComparison.Ordinal);

    private static string WithoutNul(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', '\uFFFD') : text;

    private static int CountReplacements(string text) => text.Count(c => c == '\uFFFD');
}
