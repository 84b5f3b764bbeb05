using UdpSuite.Protocol.Chat;

namespace UdpSuite.Protocol.Security.Channel;

/// <summary>What the first four bytes of a datagram say about it.</summary>
public enum PrefixKind
{
    /// <summary>Too short or not the magic "UC": not a chat datagram at all (dropped without reply).</summary>
    NotChat,

    /// <summary>A chat datagram of another protocol version (1 included): answered at most with ERROR UnsupportedVersion.</summary>
    OtherVersion,

    /// <summary>A version-2 datagram; its type is in the out parameter.</summary>
    Version2,
}

/// <summary>The version-2 prefix: magic "UC", version 2, datagram type.</summary>
public static class ChannelPrefix
{
    public static void Write(Span<byte> destination, ChannelDatagramType type)
    {
        destination[0] = ChatWire.Magic0;
        destination[1] = ChatWire.Magic1;
        destination[2] = ChannelWire.Version;
        destination[3] = (byte)type;
    }

    /// <summary>Classifies <paramref name="datagram"/>; <paramref name="type"/> is meaningful for <see cref="PrefixKind.Version2"/>.</summary>
    public static PrefixKind Classify(ReadOnlySpan<byte> datagram, out ChannelDatagramType type)
    {
        type = default;
        if (datagram.Length < ChannelWire.PrefixLength || datagram[0] != ChatWire.Magic0 || datagram[1] != ChatWire.Magic1)
        {
            return PrefixKind.NotChat;
        }

        if (datagram[2] != ChannelWire.Version)
        {
            return PrefixKind.OtherVersion;
        }

        type = (ChannelDatagramType)datagram[3];
        return PrefixKind.Version2;
    }
}
