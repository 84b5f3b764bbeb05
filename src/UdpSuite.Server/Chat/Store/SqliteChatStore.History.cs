using Microsoft.Data.Sqlite;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Store;

/// <summary>
/// History pages (HISTORY_REQUEST, docs/PROTOCOL.md): a 1:1 conversation by commit order (<c>messages.row_id</c> is the
/// position), a group by group sequence, newest first, bounded by count and by the bytes of one page envelope.
/// </summary>
internal sealed partial class SqliteChatStore
{
    public StoredHistoryPage ConversationPage(string user, string peer, ulong before, int limit, int maxBytes) => Guard(() =>
    {
        if (FindUser(peer) is null)
        {
            return StoredHistoryPage.Refused(ChatErrorCode.UnknownRecipient);
        }

        using SqliteCommand command = Command(
            """
            SELECT row_id, message_id, committed_at, sender = $user, state, sender, body FROM messages
            WHERE group_id IS NULL AND ((sender = $user AND recipient = $peer) OR (sender = $peer AND recipient = $user))
                AND ($before = 0 OR row_id < $before)
            ORDER BY row_id DESC LIMIT $limit;
            """,
            ("$user", user), ("$peer", peer), ("$before", (long)before), ("$limit", limit + 1));
        return ReadPage(command, limit, maxBytes);
    });

    public StoredHistoryPage GroupPage(string user, string group, ulong before, int limit, int maxBytes) => Guard(() =>
    {
        long groupId;
        using (SqliteCommand find = Command("SELECT id FROM groups WHERE name = $name;", ("$name", group)))
        {
            if (find.ExecuteScalar() is not long id)
            {
                return StoredHistoryPage.Refused(ChatErrorCode.UnknownGroup);
            }

            groupId = id;
        }

        using (SqliteCommand member = Command("SELECT COUNT(*) FROM group_members WHERE group_id = $group AND user = $user;", ("$group", groupId), ("$user", user)))
        {
            if ((long)member.ExecuteScalar()! == 0)
            {
                return StoredHistoryPage.Refused(ChatErrorCode.NotGroupMember);
            }
        }

        // What the member may see: the copies it was given (committed while it was a member) and its own posts.
        using SqliteCommand command = Command(
            $"""
            SELECT * FROM (
                SELECT group_seq AS position, group_message_id, committed_at, 0, {(int)DeliveryState.Sending}, sender, body FROM messages
                WHERE recipient = $user AND group_id = $group AND ($before = 0 OR group_seq < $before)
                UNION ALL
                SELECT g.group_seq, g.message_id, g.committed_at, 1, {(int)DeliveryState.Sending}, g.sender, {PostBodySql} FROM group_messages g
                WHERE g.sender = $user AND g.group_id = $group AND ($before = 0 OR g.group_seq < $before))
            ORDER BY position DESC LIMIT $limit;
            """,
            ("$user", user), ("$group", groupId), ("$before", (long)before), ("$limit", limit + 1));
        return ReadPage(command, limit, maxBytes);
    });

    /// <summary>
    /// Takes rows (position, id, sent-at, outgoing, state, from, text; newest first, one more than <paramref name="limit"/>
    /// asked) while the count and the page's bytes allow, at least one; the next page starts below the last one taken.
    /// </summary>
    private static StoredHistoryPage ReadPage(SqliteCommand command, int limit, int maxBytes)
    {
        var entries = new List<HistoryEntry>();
        int bytes = SessionsCodec.PageHeaderLength;
        bool more = false;
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            var entry = new HistoryEntry(
                (ulong)reader.GetInt64(0),
                new Guid((byte[])reader[1], bigEndian: true),
                reader.GetInt64(2),
                reader.GetInt64(3) != 0,
                (DeliveryState)reader.GetInt32(4),
                reader.GetString(5),
                reader.GetString(6));
            int length = SessionsCodec.EntryLength(entry);
            if (entries.Count == limit || (entries.Count > 0 && bytes + length > maxBytes))
            {
                more = true;
                break;
            }

            entries.Add(entry);
            bytes += length;
        }

        return new StoredHistoryPage(ChatErrorCode.None, entries, more ? entries[^1].Position : 0);
    }
}
