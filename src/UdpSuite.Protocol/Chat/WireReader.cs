using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace UdpSuite.Protocol.Chat;

/// <summary>Bounds-checked big-endian reader over a datagram: every read fails softly instead of throwing.</summary>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public WireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    public readonly ReadOnlySpan<byte> Rest => _data[_position..];

    public bool TryBytes(int count, out ReadOnlySpan<byte> bytes)
    {
        if (count < 0 || count > Remaining)
        {
            bytes = default;
            return false;
        }

        bytes = _data.Slice(_position, count);
        _position += count;
        return true;
    }

    public bool TryByte(out byte value)
    {
        value = 0;
        if (Remaining < 1)
        {
            return false;
        }

        value = _data[_position++];
        return true;
    }

    public bool TryUInt16(out ushort value)
    {
        value = 0;
        if (!TryBytes(2, out ReadOnlySpan<byte> b))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(b);
        return true;
    }

    public bool TryUInt32(out uint value)
    {
        value = 0;
        if (!TryBytes(4, out ReadOnlySpan<byte> b))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(b);
        return true;
    }

    public bool TryUInt64(out ulong value)
    {
        value = 0;
        if (!TryBytes(8, out ReadOnlySpan<byte> b))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(b);
        return true;
    }

    public bool TryInt64(out long value)
    {
        bool ok = TryUInt64(out ulong raw);
        value = (long)raw;
        return ok;
    }

    /// <summary>A message (or request) id: 16 bytes, the GUID in big-endian (RFC 9562) order.</summary>
    public bool TryMessageId(out Guid id)
    {
        id = Guid.Empty;
        if (!TryBytes(ChatWire.MessageIdLength, out ReadOnlySpan<byte> bytes))
        {
            return false;
        }

        id = new Guid(bytes, bigEndian: true);
        return true;
    }

    /// <summary>Everything left, as text: valid UTF-8 of at most <paramref name="maxBytes"/> bytes (empty is fine).</summary>
    public bool TryRestAsText(int maxBytes, out string text)
    {
        text = string.Empty;
        if (Remaining > maxBytes || !Utf8.IsValid(Rest))
        {
            return false;
        }

        text = Encoding.UTF8.GetString(Rest);
        _position = _data.Length;
        return true;
    }

    /// <summary>A length-prefixed (1 byte) UTF-8 name of 1..<paramref name="maxBytes"/> valid bytes.</summary>
    public bool TryName(int maxBytes, out string name)
    {
        name = string.Empty;
        if (!TryByte(out byte length) || length == 0 || length > maxBytes || !TryBytes(length, out ReadOnlySpan<byte> bytes) || !Utf8.IsValid(bytes))
        {
            return false;
        }

        name = Encoding.UTF8.GetString(bytes);
        return true;
    }
}
