namespace UdpSuite.Protocol.Chat;

/// <summary>Reads and writes the 4-byte prefix (magic "UC", version, type) every chat datagram starts with.</summary>
public static class ChatPrefix
{
    public static void Write(Span<byte> destination, ChatMessageType type)
    {
        destination[0] = ChatWire.Magic0;
        destination[1] = ChatWire.Magic1;
        destination[2] = ChatWire.Version;
        destination[3] = (byte)type;
    }

    /// <summary>The datagram's type when it is a version-1 chat datagram; otherwise false (and the datagram is dropped).</summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out ChatMessageType type)
    {
        type = default;
        if (datagram.Length < ChatWire.PrefixLength || datagram[0] != ChatWire.Magic0 || datagram[1] != ChatWire.Magic1)
        {
            return false;
        }

        type = (ChatMessageType)datagram[3];
        return datagram[2] == ChatWire.Version;
    }

    /// <summary>True for a datagram that starts with the magic but speaks another protocol version.</summary>
    public static bool IsOtherVersion(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= ChatWire.PrefixLength && datagram[0] == ChatWire.Magic0 && datagram[1] == ChatWire.Magic1 && datagram[2] != ChatWire.Version;
}
