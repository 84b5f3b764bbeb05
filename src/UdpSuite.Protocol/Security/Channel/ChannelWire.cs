using System.Buffers.Binary;

namespace UdpSuite.Protocol.Security.Channel;

/// <summary>Fixed numbers of the chat protocol, version 2 (docs/PROTOCOL.md).</summary>
public static class ChannelWire
{
    /// <summary>The version byte of every v2 datagram (after the magic "UC").</summary>
    public const byte Version = 2;

    /// <summary>Magic (2) + version (1) + type (1), as in version 1.</summary>
    public const int PrefixLength = 4;

    /// <summary>Largest datagram either side sends.</summary>
    public const int MaxDatagram = 1200;

    /// <summary>Every INITIATION is exactly this long (zero-padded), so no handshake reply ever amplifies.</summary>
    public const int InitiationLength = 1200;

    /// <summary>The random id a client gives one handshake attempt.</summary>
    public const int HandshakeIdLength = 8;

    /// <summary>A cookie: HMAC-SHA256 truncated to 128 bits.</summary>
    public const int CookieLength = 16;

    /// <summary>Prefix, handshake id, cookie.</summary>
    public const int CookieReplyLength = PrefixLength + HandshakeIdLength + CookieLength;

    /// <summary>Prefix (4), session id (8), flags (1), packet number (8): the clear header and associated data.</summary>
    public const int TransportHeaderLength = PrefixLength + 8 + 1 + 8;

    /// <summary>Header, inner type byte and Poly1305 tag.</summary>
    public const int TransportOverhead = TransportHeaderLength + 1 + 16;

    /// <summary>Most body bytes one sealed datagram carries (after the inner type).</summary>
    public const int MaxSealedBody = MaxDatagram - TransportOverhead;

    /// <summary>The server name in the RESPONSE payload: 1-64 bytes of UTF-8.</summary>
    public const int MaxServerNameBytes = 64;

    /// <summary>Session id (8) + name length (1) + name: the plaintext of the RESPONSE's Noise payload.</summary>
    public const int MaxResponsePayload = 8 + 1 + MaxServerNameBytes;

    /// <summary>The ASCII label every v2 prologue starts with.</summary>
    public static ReadOnlySpan<byte> PrologueLabel => "UdpSuite chat v2"u8;

    /// <summary>Length of the prologue: label and handshake id.</summary>
    public const int PrologueLength = 16 + HandshakeIdLength;

    /// <summary>
    /// The Noise prologue of handshake <paramref name="handshakeId"/>: the label then the id big-endian, so the clear id
    /// is bound into the handshake hash and a RESPONSE cannot be moved to another attempt.
    /// </summary>
    public static void WritePrologue(ulong handshakeId, Span<byte> destination)
    {
        PrologueLabel.CopyTo(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination[PrologueLabel.Length..], handshakeId);
    }
}
