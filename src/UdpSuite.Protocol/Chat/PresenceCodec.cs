using System.Text;
using System.Text.Unicode;

namespace UdpSuite.Protocol.Chat;

/// <summary>
/// Bodies of the presence and contacts datagrams (types 0x30-0x36, sealed as inner types of TRANSPORT datagrams); docs/PROTOCOL.md
/// has the byte layouts. Status texts are a one-byte length and at most <see cref="MaxStatusBytes"/> bytes of UTF-8.
/// Decoders never throw and refuse trailing bytes, so a body has exactly one reading.
/// </summary>
public static class PresenceCodec
{
    /// <summary>Longest status text, in UTF-8 bytes (a line in a contacts pane, not a message).</summary>
    public const int MaxStatusBytes = 128;

    /// <summary>Bytes of a REPLY body before a CONTACT_LIST page: request id (4) + code (2).</summary>
    public const int ReplyHeaderLength = 6;

    /// <summary>Bytes of a CONTACT_LIST page before its names: total (2), offset (2), count (1).</summary>
    public const int PageHeaderLength = 5;

    /// <summary>True for the types of the presence and contacts range (0x30-0x3F).</summary>
    public static bool IsPresenceType(ChatMessageType type) => (byte)type is >= 0x30 and <= 0x3F;

    /// <summary>Whether <paramref name="status"/> can travel: at most 128 bytes of UTF-8, no control characters.</summary>
    public static bool IsValidStatus(string? status)
    {
        if (status is null || Encoding.UTF8.GetByteCount(status) > MaxStatusBytes)
        {
            return false;
        }

        foreach (Rune rune in status.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune == Rune.ReplacementChar)
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsValidState(byte state) => state <= (byte)PresenceState.Away;

    public static int WritePresenceSet(Span<byte> body, in PresenceSetBody set)
    {
        var w = new WireWriter(body);
        w.WriteUInt32(set.RequestId);
        w.Byte((byte)set.State);
        WriteStatus(ref w, set.Status);
        return w.Position;
    }

    public static bool TryReadPresenceSet(ReadOnlySpan<byte> body, out PresenceSetBody set)
    {
        set = default;
        var r = new WireReader(body);
        if (!r.TryUInt32(out uint id) || !r.TryByte(out byte state) || !IsValidState(state) || !TryReadStatus(ref r, out string status) || r.Remaining != 0)
        {
            return false;
        }

        set = new PresenceSetBody(id, (PresenceState)state, status);
        return true;
    }

    public static int WritePresence(Span<byte> body, in PresenceBody presence)
    {
        var w = new WireWriter(body);
        w.Name(presence.User);
        w.Byte((byte)presence.State);
        w.WriteUInt64(presence.Version);
        w.WriteInt64(presence.SinceUnixMilliseconds);
        WriteStatus(ref w, presence.Status);
        return w.Position;
    }

    public static bool TryReadPresence(ReadOnlySpan<byte> body, out PresenceBody presence)
    {
        presence = default;
        var r = new WireReader(body);
        if (!r.TryName(ChatWire.MaxUserNameBytes, out string user) || !r.TryByte(out byte state) || !IsValidState(state)
            || !r.TryUInt64(out ulong version) || !r.TryInt64(out long since) || !TryReadStatus(ref r, out string status) || r.Remaining != 0)
        {
            return false;
        }

        presence = new PresenceBody(user, (PresenceState)state, version, since, status);
        return true;
    }

    public static int WritePresenceAck(Span<byte> body, in PresenceAckBody ack)
    {
        var w = new WireWriter(body);
        w.Name(ack.User);
        w.WriteUInt64(ack.Version);
        return w.Position;
    }

    public static bool TryReadPresenceAck(ReadOnlySpan<byte> body, out PresenceAckBody ack)
    {
        ack = default;
        var r = new WireReader(body);
        if (!r.TryName(ChatWire.MaxUserNameBytes, out string user) || !r.TryUInt64(out ulong version) || r.Remaining != 0)
        {
            return false;
        }

        ack = new PresenceAckBody(user, version);
        return true;
    }

    /// <summary>CONTACT_ADD or CONTACT_REMOVE (the type says which).</summary>
    public static int WriteContactChange(Span<byte> body, in ContactChangeBody change)
    {
        var w = new WireWriter(body);
        w.WriteUInt32(change.RequestId);
        w.Name(change.Contact);
        return w.Position;
    }

    public static bool TryReadContactChange(ReadOnlySpan<byte> body, out ContactChangeBody change)
    {
        change = default;
        var r = new WireReader(body);
        if (!r.TryUInt32(out uint id) || !r.TryName(ChatWire.MaxUserNameBytes, out string contact) || r.Remaining != 0)
        {
            return false;
        }

        change = new ContactChangeBody(id, contact);
        return true;
    }

    public static int WriteContactList(Span<byte> body, in ContactListBody list)
    {
        var w = new WireWriter(body);
        w.WriteUInt32(list.RequestId);
        w.WriteUInt16(list.Offset);
        return w.Position;
    }

    public static bool TryReadContactList(ReadOnlySpan<byte> body, out ContactListBody list)
    {
        list = default;
        var r = new WireReader(body);
        if (!r.TryUInt32(out uint id) || !r.TryUInt16(out ushort offset) || r.Remaining != 0)
        {
            return false;
        }

        list = new ContactListBody(id, offset);
        return true;
    }

    /// <summary>A REPLY without payload (PRESENCE_SET, CONTACT_ADD, CONTACT_REMOVE, or any refused request).</summary>
    public static int WriteReply(Span<byte> body, in ReplyHeader reply)
    {
        var w = new WireWriter(body);
        w.WriteUInt32(reply.RequestId);
        w.WriteUInt16((ushort)reply.Code);
        return w.Position;
    }

    /// <summary>
    /// A REPLY to CONTACT_LIST: header, then total, offset and as many of <paramref name="names"/> (from
    /// <paramref name="offset"/> on) as fit in <paramref name="body"/>; the client asks again from where the page ended.
    /// </summary>
    public static int WriteContactPage(Span<byte> body, uint requestId, IReadOnlyList<string> names, ushort offset)
    {
        var w = new WireWriter(body);
        w.WriteUInt32(requestId);
        w.WriteUInt16((ushort)ChatErrorCode.None);
        w.WriteUInt16((ushort)Math.Min(names.Count, ushort.MaxValue));
        w.WriteUInt16(offset);
        int countAt = w.Position;
        w.Byte(0);
        byte count = 0;
        for (int index = offset; index < names.Count && count < byte.MaxValue; index++)
        {
            if (w.Position + 1 + Encoding.UTF8.GetByteCount(names[index]) > body.Length)
            {
                break;
            }

            w.Name(names[index]);
            count++;
        }

        body[countAt] = count;
        return w.Position;
    }

    public static bool TryReadReplyHeader(ReadOnlySpan<byte> body, out ReplyHeader reply)
    {
        reply = default;
        var r = new WireReader(body);
        if (!r.TryUInt32(out uint id) || !r.TryUInt16(out ushort code))
        {
            return false;
        }

        reply = new ReplyHeader(id, (ChatErrorCode)code);
        return true;
    }

    /// <summary>The CONTACT_LIST page after a successful REPLY's header.</summary>
    public static bool TryReadContactPage(ReadOnlySpan<byte> body, out ContactPage page)
    {
        page = null!;
        if (body.Length < ReplyHeaderLength)
        {
            return false;
        }

        var r = new WireReader(body[ReplyHeaderLength..]);
        if (!r.TryUInt16(out ushort total) || !r.TryUInt16(out ushort offset) || !r.TryByte(out byte count))
        {
            return false;
        }

        var names = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            if (!r.TryName(ChatWire.MaxUserNameBytes, out string name))
            {
                return false;
            }

            names.Add(name);
        }

        if (r.Remaining != 0)
        {
            return false;
        }

        page = new ContactPage(total, offset, names);
        return true;
    }

    private static void WriteStatus(ref WireWriter w, string status)
    {
        if (!IsValidStatus(status))
        {
            throw new ArgumentException($"a status text is at most {MaxStatusBytes} bytes of UTF-8 without control characters", nameof(status));
        }

        int length = Encoding.UTF8.GetByteCount(status);
        w.Byte((byte)length);
        if (length > 0)
        {
            Span<byte> bytes = stackalloc byte[MaxStatusBytes];
            int written = Encoding.UTF8.GetBytes(status, bytes);
            w.Bytes(bytes[..written]);
        }
    }

    private static bool TryReadStatus(ref WireReader r, out string status)
    {
        status = string.Empty;
        if (!r.TryByte(out byte length) || length > MaxStatusBytes || !r.TryBytes(length, out ReadOnlySpan<byte> bytes) || !Utf8.IsValid(bytes))
        {
            return false;
        }

        status = length == 0 ? string.Empty : Encoding.UTF8.GetString(bytes);
        return IsValidStatus(status);
    }
}
