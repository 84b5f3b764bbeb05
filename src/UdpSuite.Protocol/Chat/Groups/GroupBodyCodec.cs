using System.Text;
using System.Text.Unicode;

namespace UdpSuite.Protocol.Chat;

/// <summary>
/// Bodies of GROUP_REQUEST, GROUP_RESULT and GROUP_RECEIPT (sealed as inner types of TRANSPORT datagrams; layouts in
/// docs/PROTOCOL.md). Writers take the caller's buffer (a datagram's body area); decoders never throw.
/// </summary>
public static class GroupBodyCodec
{
    /// <summary>Most entries one GROUP_RESULT page carries (its count is one byte).</summary>
    public const int MaxPageEntries = 255;

    public static int WriteRequest(Span<byte> body, GroupRequestBody request)
    {
        var w = new WireWriter(body);
        w.MessageId(request.RequestId);
        w.Byte((byte)request.Operation);
        switch (request.Operation)
        {
            case GroupOperation.Create or GroupOperation.Join:
                w.Name(request.Group);
                WriteOptionalText(ref w, request.InviteCode);
                break;
            case GroupOperation.Leave:
                w.Name(request.Group);
                break;
            case GroupOperation.Members:
                w.Name(request.Group);
                w.WriteUInt16(request.Start);
                break;
            case GroupOperation.List:
                w.WriteUInt16(request.Start);
                break;
            case GroupOperation.Rename:
                w.Name(request.Group);
                w.Name(request.NewName);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Operation, "unknown group operation");
        }

        return w.Position;
    }

    /// <summary>Reads a request; false for a truncated body, an unknown operation or an undecodable name (the request id is still given when it was there, so the server can answer Malformed).</summary>
    public static bool TryReadRequest(ReadOnlySpan<byte> body, out GroupRequestBody request, out Guid requestId)
    {
        request = null!;
        requestId = Guid.Empty;
        var r = new WireReader(body);
        if (!r.TryMessageId(out Guid id))
        {
            return false;
        }

        requestId = id;
        if (!r.TryByte(out byte op))
        {
            return false;
        }

        string group = string.Empty;
        string code = string.Empty;
        string newName = string.Empty;
        ushort start = 0;
        bool ok = (GroupOperation)op switch
        {
            GroupOperation.Create or GroupOperation.Join => r.TryName(GroupWire.MaxGroupNameBytes, out group) && TryReadOptionalText(ref r, GroupWire.MaxInviteCodeBytes, out code),
            GroupOperation.Leave => r.TryName(GroupWire.MaxGroupNameBytes, out group),
            GroupOperation.Members => r.TryName(GroupWire.MaxGroupNameBytes, out group) && r.TryUInt16(out start),
            GroupOperation.List => r.TryUInt16(out start),
            GroupOperation.Rename => r.TryName(GroupWire.MaxGroupNameBytes, out group) && r.TryName(GroupWire.MaxGroupNameBytes, out newName),
            _ => false,
        };
        if (!ok)
        {
            return false;
        }

        request = new GroupRequestBody(requestId, (GroupOperation)op, group, code, newName, start);
        return true;
    }

    /// <summary>A result without entries (create, join, leave, rename, or any refusal).</summary>
    public static int WriteResult(Span<byte> body, Guid requestId, GroupOperation operation, ChatErrorCode status) =>
        WriteResult(body, requestId, operation, status, [], 0);

    /// <summary>
    /// A result; for a successful Members or List, the total and as many entries from <paramref name="start"/> as fit
    /// in <paramref name="body"/> (at most <see cref="MaxPageEntries"/>). The client asks again from where the page ended.
    /// </summary>
    public static int WriteResult(Span<byte> body, Guid requestId, GroupOperation operation, ChatErrorCode status, IReadOnlyList<GroupEntry> all, int start)
    {
        var w = new WireWriter(body);
        w.MessageId(requestId);
        w.Byte((byte)operation);
        w.WriteUInt16((ushort)status);
        if (status != ChatErrorCode.None || operation is not (GroupOperation.Members or GroupOperation.List))
        {
            return w.Position;
        }

        w.WriteUInt16((ushort)Math.Min(all.Count, ushort.MaxValue));
        int countAt = w.Position;
        w.Byte(0);
        int count = 0;
        for (int k = Math.Max(0, start); k < all.Count && count < MaxPageEntries; k++)
        {
            GroupEntry entry = all[k];
            int need = 1 + Encoding.UTF8.GetByteCount(entry.Name) + 3;
            if (w.Position + need > body.Length)
            {
                break;
            }

            w.Name(entry.Name);
            w.Byte(entry.IsOwner ? (byte)1 : (byte)0);
            w.WriteUInt16(entry.MemberCount);
            count++;
        }

        body[countAt] = (byte)count;
        return w.Position;
    }

    public static bool TryReadResult(ReadOnlySpan<byte> body, out GroupResultBody result)
    {
        result = null!;
        var r = new WireReader(body);
        if (!r.TryMessageId(out Guid requestId) || !r.TryByte(out byte op) || !r.TryUInt16(out ushort status)
            || op is < (byte)GroupOperation.Create or > (byte)GroupOperation.Rename)
        {
            return false;
        }

        var operation = (GroupOperation)op;
        if (status != 0 || operation is not (GroupOperation.Members or GroupOperation.List))
        {
            result = new GroupResultBody(requestId, operation, (ChatErrorCode)status, 0, []);
            return true;
        }

        if (!r.TryUInt16(out ushort total) || !r.TryByte(out byte count))
        {
            return false;
        }

        var entries = new GroupEntry[count];
        for (int k = 0; k < count; k++)
        {
            if (!r.TryName(ChatWire.MaxUserNameBytes, out string name) || !r.TryByte(out byte flags) || !r.TryUInt16(out ushort members))
            {
                return false;
            }

            entries[k] = new GroupEntry(name, (flags & 1) != 0, members);
        }

        result = new GroupResultBody(requestId, operation, ChatErrorCode.None, total, entries);
        return true;
    }

    public static int WriteReceipt(Span<byte> body, in GroupReceiptBody receipt)
    {
        var w = new WireWriter(body);
        w.MessageId(receipt.MessageId);
        w.WriteUInt64(receipt.GroupSequence);
        w.WriteUInt16(receipt.Members);
        w.WriteUInt16(receipt.Delivered);
        w.WriteUInt16(receipt.Read);
        w.WriteInt64(receipt.UnixMilliseconds);
        return w.Position;
    }

    public static bool TryReadReceipt(ReadOnlySpan<byte> body, out GroupReceiptBody receipt)
    {
        receipt = default;
        var r = new WireReader(body);
        if (!r.TryMessageId(out Guid id) || !r.TryUInt64(out ulong sequence) || !r.TryUInt16(out ushort members)
            || !r.TryUInt16(out ushort delivered) || !r.TryUInt16(out ushort read) || !r.TryInt64(out long millis)
            || read > delivered || delivered > members || members > GroupWire.MaxMembers)
        {
            return false;
        }

        receipt = new GroupReceiptBody(id, sequence, members, delivered, read, millis);
        return true;
    }

    /// <summary>A one-byte length (0 = empty) and UTF-8 bytes.</summary>
    private static void WriteOptionalText(ref WireWriter w, string text)
    {
        if (text.Length == 0)
        {
            w.Byte(0);
        }
        else
        {
            w.Name(text);
        }
    }

    private static bool TryReadOptionalText(ref WireReader r, int maxBytes, out string text)
    {
        text = string.Empty;
        if (!r.TryByte(out byte length) || length > maxBytes || !r.TryBytes(length, out ReadOnlySpan<byte> bytes) || !Utf8.IsValid(bytes))
        {
            return false;
        }

        text = Encoding.UTF8.GetString(bytes);
        return true;
    }
}
