using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UdpSuite.Protocol.Chat;

/// <summary>
/// Bodies of the sessions-and-devices types (READ_SYNC, HISTORY_REQUEST, the HISTORY_DATA page envelope,
/// SESSIONS_LIST and its REPLY page, SESSION_END); docs/PROTOCOL.md, "Sessions and devices", has the layouts.
/// Decoders never throw and refuse trailing bytes, so a body has exactly one reading.
/// </summary>
public static class SessionsCodec
{
    /// <summary>ACK index confirming a READ_SYNC (0xFE00 + read): apart from the RECEIPT range, so the two never confirm each other.</summary>
    public const ushort ReadSyncAckIndex = 0xFE03;

    /// <summary>Most entries one HISTORY_REQUEST may ask for.</summary>
    public const byte MaxHistoryLimit = 100;

    /// <summary>Most bytes of a history page envelope: what <see cref="SessionBodyCodec.MaxFragments"/> DATA chunks carry.</summary>
    public const int MaxPageBytes = SessionBodyCodec.MaxFragments * ChatWire.MaxChunk;

    /// <summary>Bytes of a page envelope before its entries: request id (4), code (2), count (1), next before (8).</summary>
    public const int PageHeaderLength = 15;

    /// <summary>Bytes of a READ_SYNC body.</summary>
    public const int ReadSyncLength = ChatWire.MessageIdLength + 16;

    public static int WriteReadSync(Span<byte> body, in ReadSyncBody sync)
    {
        var w = new WireWriter(body);
        w.MessageId(sync.MessageId);
        w.WriteUInt64(sync.LogSequence);
        w.WriteInt64(sync.ReadAtUnixMilliseconds);
        return w.Position;
    }

    public static bool TryReadReadSync(ReadOnlySpan<byte> body, out ReadSyncBody sync)
    {
        sync = default;
        var r = new WireReader(body);
        if (!r.TryMessageId(out Guid id) || !r.TryUInt64(out ulong sequence) || sequence == 0 || !r.TryInt64(out long at) || r.Remaining != 0)
        {
            return false;
        }

        sync = new ReadSyncBody(id, sequence, at);
        return true;
    }

    public static int WriteHistoryRequest(Span<byte> body, in HistoryRequestBody request)
    {
        if (request.Kind is not (HistoryKind.Conversation or HistoryKind.Group) || request.Limit is 0 or > MaxHistoryLimit || !ChatUserName.IsValid(request.Name))
        {
            throw new ArgumentException($"a history request names a conversation or group and asks for 1-{MaxHistoryLimit} entries", nameof(request));
        }

        var w = new WireWriter(body);
        w.WriteUInt32(request.RequestId);
        w.Byte((byte)request.Kind);
        w.Name(request.Name);
        w.WriteUInt64(request.Before);
        w.Byte(request.Limit);
        return w.Position;
    }

    public static bool TryReadHistoryRequest(ReadOnlySpan<byte> body, out HistoryRequestBody request)
    {
        request = default;
        var r = new WireReader(body);
        if (!r.TryUInt32(out uint id) || !r.TryByte(out byte kind) || kind is not ((byte)HistoryKind.Conversation or (byte)HistoryKind.Group)
            || !r.TryName(ChatWire.MaxUserNameBytes, out string name) || !ChatUserName.IsValid(name)
            || !r.TryUInt64(out ulong before) || !r.TryByte(out byte limit) || limit is 0 or > MaxHistoryLimit || r.Remaining != 0)
        {
            return false;
        }

        request = new HistoryRequestBody(id, (HistoryKind)kind, name, before, limit);
        return true;
    }

    /// <summary>The bytes <paramref name="entry"/> takes in a page envelope (a server fills a page up to <see cref="MaxPageBytes"/>).</summary>
    public static int EntryLength(HistoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return 8 + ChatWire.MessageIdLength + 8 + 1 + 1 + 1 + Encoding.UTF8.GetByteCount(entry.From) + 4 + Encoding.UTF8.GetByteCount(entry.Text);
    }

    /// <summary>The page envelope, entries in list order (newest first); throws when it exceeds <see cref="MaxPageBytes"/>.</summary>
    public static byte[] EncodeHistoryPage(HistoryPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Entries.Count > byte.MaxValue)
        {
            throw new ArgumentException($"a page holds at most {byte.MaxValue} entries", nameof(page));
        }

        int length = PageHeaderLength + page.Entries.Sum(EntryLength);
        if (length > MaxPageBytes)
        {
            throw new ArgumentException($"a page envelope is at most {MaxPageBytes} bytes ({length} asked)", nameof(page));
        }

        var buffer = new byte[length];
        var w = new WireWriter(buffer);
        w.WriteUInt32(page.RequestId);
        w.WriteUInt16((ushort)page.Code);
        w.Byte((byte)page.Entries.Count);
        w.WriteUInt64(page.NextBefore);
        foreach (HistoryEntry entry in page.Entries)
        {
            if (!ChatUserName.IsValid(entry.From) || entry.State > DeliveryState.Read || Encoding.UTF8.GetByteCount(entry.Text) > ChatWire.MaxTextBytes)
            {
                throw new ArgumentException("a history entry has a valid sender, a state up to read and at most 64 KiB of text", nameof(page));
            }

            byte[] text = Encoding.UTF8.GetBytes(entry.Text);
            w.WriteUInt64(entry.Position);
            w.MessageId(entry.MessageId);
            w.WriteInt64(entry.SentAtUnixMilliseconds);
            w.Byte(entry.Outgoing ? (byte)1 : (byte)0);
            w.Byte((byte)entry.State);
            w.Name(entry.From);
            w.WriteUInt32((uint)text.Length);
            w.Bytes(text);
        }

        return buffer;
    }

    public static bool TryDecodeHistoryPage(ReadOnlySpan<byte> envelope, out HistoryPage page)
    {
        page = null!;
        var r = new WireReader(envelope);
        if (envelope.Length > MaxPageBytes || !r.TryUInt32(out uint id) || !r.TryUInt16(out ushort code) || !r.TryByte(out byte count) || !r.TryUInt64(out ulong nextBefore))
        {
            return false;
        }

        var entries = new List<HistoryEntry>(count);
        for (int i = 0; i < count; i++)
        {
            if (!r.TryUInt64(out ulong position) || !r.TryMessageId(out Guid messageId) || !r.TryInt64(out long sentAt)
                || !r.TryByte(out byte flags) || flags > 1 || !r.TryByte(out byte state) || state > (byte)DeliveryState.Read
                || !r.TryName(ChatWire.MaxUserNameBytes, out string from) || !ChatUserName.IsValid(from)
                || !r.TryUInt32(out uint textLength) || textLength > ChatWire.MaxTextBytes || !r.TryBytes((int)textLength, out ReadOnlySpan<byte> text)
                || !System.Text.Unicode.Utf8.IsValid(text))
            {
                return false;
            }

            entries.Add(new HistoryEntry(position, messageId, sentAt, flags == 1, (DeliveryState)state, from, Encoding.UTF8.GetString(text)));
        }

        if (r.Remaining != 0)
        {
            return false;
        }

        page = new HistoryPage(id, (ChatErrorCode)code, nextBefore, entries);
        return true;
    }

    public static int WriteSessionsList(Span<byte> body, in SessionsListBody list)
    {
        var w = new WireWriter(body);
        w.WriteUInt32(list.RequestId);
        w.Byte(list.Offset);
        return w.Position;
    }

    public static bool TryReadSessionsList(ReadOnlySpan<byte> body, out SessionsListBody list)
    {
        list = default;
        var r = new WireReader(body);
        if (!r.TryUInt32(out uint id) || !r.TryByte(out byte offset) || r.Remaining != 0)
        {
            return false;
        }

        list = new SessionsListBody(id, offset);
        return true;
    }

    public static int WriteSessionEnd(Span<byte> body, in SessionEndBody end)
    {
        var w = new WireWriter(body);
        w.WriteUInt32(end.RequestId);
        w.WriteUInt64(end.SessionId);
        return w.Position;
    }

    public static bool TryReadSessionEnd(ReadOnlySpan<byte> body, out SessionEndBody end)
    {
        end = default;
        var r = new WireReader(body);
        if (!r.TryUInt32(out uint id) || !r.TryUInt64(out ulong session) || session == 0 || r.Remaining != 0)
        {
            return false;
        }

        end = new SessionEndBody(id, session);
        return true;
    }

    /// <summary>
    /// A REPLY to SESSIONS_LIST: header (request id, code 0), then total, offset and as many of <paramref name="sessions"/>
    /// (from <paramref name="offset"/> on) as fit in <paramref name="body"/>; the client asks again from where the page ended.
    /// </summary>
    public static int WriteSessionsPage(Span<byte> body, uint requestId, IReadOnlyList<SessionInfo> sessions, byte offset)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var w = new WireWriter(body);
        w.WriteUInt32(requestId);
        w.WriteUInt16((ushort)ChatErrorCode.None);
        w.Byte((byte)Math.Min(sessions.Count, byte.MaxValue));
        w.Byte(offset);
        int countAt = w.Position;
        w.Byte(0);
        byte count = 0;
        for (int index = offset; index < sessions.Count && count < byte.MaxValue; index++)
        {
            SessionInfo session = sessions[index];
            if (w.Position + SessionLength(session) > body.Length)
            {
                break;
            }

            WriteSession(ref w, session);
            count++;
        }

        body[countAt] = count;
        return w.Position;
    }

    /// <summary>The SESSIONS_LIST page after a successful REPLY's header.</summary>
    public static bool TryReadSessionsPage(ReadOnlySpan<byte> body, out SessionsPage page)
    {
        page = null!;
        if (body.Length < PresenceCodec.ReplyHeaderLength)
        {
            return false;
        }

        var r = new WireReader(body[PresenceCodec.ReplyHeaderLength..]);
        if (!r.TryByte(out byte total) || !r.TryByte(out byte offset) || !r.TryByte(out byte count))
        {
            return false;
        }

        var sessions = new List<SessionInfo>(count);
        for (int i = 0; i < count; i++)
        {
            if (!TryReadSession(ref r, out SessionInfo? session))
            {
                return false;
            }

            sessions.Add(session!);
        }

        if (r.Remaining != 0)
        {
            return false;
        }

        page = new SessionsPage(total, offset, sessions);
        return true;
    }

    private static int SessionLength(SessionInfo session) =>
        8 + 1 + 8 + 1 + Encoding.UTF8.GetByteCount(session.DeviceName) + 1 + (session.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 16 : 4) + 2 + 8 + 4;

    private static void WriteSession(ref WireWriter w, SessionInfo session)
    {
        if (!ChatUserName.IsValid(session.DeviceName))
        {
            throw new ArgumentException("a device name follows the user-name rules", nameof(session));
        }

        w.WriteUInt64(session.SessionId);
        w.Byte((byte)((session.Transient ? 1 : 0) | (session.Current ? 2 : 0)));
        w.WriteUInt64(session.DeviceId);
        w.Name(session.DeviceName);
        IPAddress address = session.Address.Address.IsIPv4MappedToIPv6 ? session.Address.Address.MapToIPv4() : session.Address.Address;
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        w.Byte(v6 ? (byte)6 : (byte)4);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        w.Bytes(bytes[..written]);
        w.WriteUInt16((ushort)session.Address.Port);
        w.WriteInt64(session.LoggedInAtUnixMilliseconds);
        w.WriteUInt32(session.IdleMilliseconds);
    }

    private static bool TryReadSession(ref WireReader r, out SessionInfo? session)
    {
        session = null;
        if (!r.TryUInt64(out ulong id) || !r.TryByte(out byte flags) || flags > 3 || !r.TryUInt64(out ulong device)
            || !r.TryName(ChatWire.MaxUserNameBytes, out string name) || !ChatUserName.IsValid(name)
            || !r.TryByte(out byte family) || family is not (4 or 6) || !r.TryBytes(family == 4 ? 4 : 16, out ReadOnlySpan<byte> address)
            || !r.TryUInt16(out ushort port) || !r.TryInt64(out long since) || !r.TryUInt32(out uint idle))
        {
            return false;
        }

        session = new SessionInfo(id, (flags & 1) != 0, (flags & 2) != 0, device, name, new IPEndPoint(new IPAddress(address), port), since, idle);
        return true;
    }
}
