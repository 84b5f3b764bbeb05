namespace UdpSuite.Protocol.Chat;

/// <summary>Fixed numbers of the chat protocol, version 1 (docs/PROTOCOL.md).</summary>
public static class ChatWire
{
    /// <summary>First two bytes of every chat datagram: ASCII "UC".</summary>
    public const byte Magic0 = (byte)'U';

    public const byte Magic1 = (byte)'C';

    public const byte Version = 1;

    /// <summary>Magic (2) + version (1) + type (1).</summary>
    public const int PrefixLength = 4;

    /// <summary>Largest datagram either side sends: stays under every LAN MTU, so IP never fragments it.</summary>
    public const int MaxDatagram = 1200;

    /// <summary>
    /// Most body bytes a session message can carry: what one sealed version-2 datagram holds after its clear header
    /// (21), inner type (1) and Poly1305 tag (16), i.e. <c>ChannelWire.MaxSealedBody</c>.
    /// </summary>
    public const int MaxSecureBody = MaxDatagram - 38;

    public const int MessageIdLength = 16;

    /// <summary>User names: 1-64 bytes of UTF-8, no control characters.</summary>
    public const int MaxUserNameBytes = 64;

    /// <summary>Message text: up to 64 KiB of UTF-8.</summary>
    public const int MaxTextBytes = 64 * 1024;

    /// <summary>Bytes of a DATA body before its chunk: message id, fragment index, fragment count.</summary>
    public const int DataHeaderLength = MessageIdLength + 4;

    /// <summary>Most envelope bytes one DATA datagram carries.</summary>
    public const int MaxChunk = MaxSecureBody - DataHeaderLength;
}
