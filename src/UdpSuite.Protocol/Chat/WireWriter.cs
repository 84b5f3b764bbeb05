using System.Buffers.Binary;
using System.Text;

namespace UdpSuite.Protocol.Chat;

/// <summary>Big-endian writer into a caller's buffer; the caller sizes the buffer (every chat datagram fits 1200 bytes).</summary>
public ref struct WireWriter
{
    private readonly Span<byte> _data;

    public WireWriter(Span<byte> data)
    {
        _data = data;
        Position = 0;
    }

    public int Position { get; private set; }

    public void Prefix(ChatMessageType type)
    {
        ChatPrefix.Write(_data[Position..], type);
        Position += ChatWire.PrefixLength;
    }

    public void Bytes(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_data[Position..]);
        Position += bytes.Length;
    }

    public void Byte(byte value) => _data[Position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_data[Position..], value);
        Position += 2;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_data[Position..], value);
        Position += 4;
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_data[Position..], value);
        Position += 8;
    }

    public void WriteInt64(long value) => WriteUInt64((ulong)value);

    /// <summary>A message (or request) id: the 16 bytes of the GUID in big-endian (RFC 9562) order.</summary>
    public void MessageId(Guid id)
    {
        Span<byte> bytes = stackalloc byte[ChatWire.MessageIdLength];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        Bytes(bytes);
    }

    /// <summary>A 1-byte length and the UTF-8 bytes of <paramref name="name"/> (the caller validated it).</summary>
    public void Name(string name)
    {
        int length = Encoding.UTF8.GetBytes(name, _data[(Position + 1)..]);
        _data[Position] = checked((byte)length);
        Position += 1 + length;
    }

    /// <summary>Zero bytes up to <paramref name="length"/> in total (padding).</summary>
    public void PadTo(int length)
    {
        if (Position < length)
        {
            _data[Position..length].Clear();
            Position = length;
        }
    }
}
