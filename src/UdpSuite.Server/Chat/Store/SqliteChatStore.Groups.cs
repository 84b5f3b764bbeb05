using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using NodaTime;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Store;

/// <summary>
/// Groups in SQLite (see <see cref="IGroupStore"/>; the tables are in SqliteChatStore.Schema.cs). Each
/// member's copy is a row of <c>messages</c> with the group columns set, so the 1:1 queries deliver it unchanged. Copies
/// are born with <c>sender_notified_state = read</c>: the sender hears about them through the group's counts, never
/// one receipt per copy.
/// </summary>
internal sealed partial class SqliteChatStore
{
    /// <summary>The copy columns read with every message (null for 1:1 messages).</summary>
    private const string GroupCopyColumns = "group_name, group_seq, group_message_id";

    public ChatErrorCode CreateGroup(string group, string owner, byte[]? inviteCodeHash, Instant createdAt) => Guard(() =>
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        if (FindGroupId(group, transaction) is not null || GroupKeyTaken(group, except: null, transaction))
        {
            return ChatErrorCode.GroupExists;
        }

        if (CountGroupsOf(owner, transaction) >= GroupWire.MaxGroupsPerUser)
        {
            return ChatErrorCode.GroupFull;
        }

        long millis = createdAt.ToUnixTimeMilliseconds();
        long id;
        using (SqliteCommand insert = Command("INSERT INTO groups (name, owner, invite_hash, created) VALUES ($name, $owner, $hash, $at) RETURNING id;",
            ("$name", group), ("$owner", owner), ("$hash", (object?)inviteCodeHash ?? DBNull.Value), ("$at", millis)))
        {
            insert.Transaction = transaction;
            id = (long)insert.ExecuteScalar()!;
        }

        AddMember(id, owner, millis, transaction);
        transaction.Commit();
        return ChatErrorCode.None;
    });

    public ChatErrorCode JoinGroup(string group, string user, byte[]? inviteCodeHash, Instant joinedAt) => Guard(() =>
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        if (FindGroup(group, transaction) is not { } found)
        {
            return ChatErrorCode.UnknownGroup;
        }

        long id = found.Id;
        byte[]? expected = found.InviteHash;
        if (IsMember(id, user, transaction))
        {
            return ChatErrorCode.None;
        }

        if (expected is not null && (inviteCodeHash is null || !CryptographicOperations.FixedTimeEquals(expected, inviteCodeHash)))
        {
            return ChatErrorCode.BadInviteCode;
        }

        if (CountMembers(id, transaction) >= GroupWire.MaxMembers || CountGroupsOf(user, transaction) >= GroupWire.MaxGroupsPerUser)
        {
            return ChatErrorCode.GroupFull;
        }

        AddMember(id, user, joinedAt.ToUnixTimeMilliseconds(), transaction);
        transaction.Commit();
        return ChatErrorCode.None;
    });

    public ChatErrorCode LeaveGroup(string group, string user) => Guard(() =>
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        if (FindGroupId(group, transaction) is not { } id)
        {
            return ChatErrorCode.UnknownGroup;
        }

        using (SqliteCommand delete = Command("DELETE FROM group_members WHERE group_id = $id AND user = $user;", ("$id", id), ("$user", user)))
        {
            delete.Transaction = transaction;
            if (delete.ExecuteNonQuery() == 0)
            {
                return ChatErrorCode.NotGroupMember;
            }
        }

        object? heir;
        using (SqliteCommand next = Command("SELECT user FROM group_members WHERE group_id = $id ORDER BY member_row LIMIT 1;", ("$id", id)))
        {
            next.Transaction = transaction;
            heir = next.ExecuteScalar();
        }

        // The owner's role passes to the longest-standing member; with nobody left the group is dissolved.
        string sql = heir is string
            ? "UPDATE groups SET owner = $heir WHERE id = $id AND owner = $user;"
            : "DELETE FROM groups WHERE id = $id;";
        using (SqliteCommand update = Command(sql, ("$heir", heir ?? DBNull.Value), ("$id", id), ("$user", user)))
        {
            update.Transaction = transaction;
            update.ExecuteNonQuery();
        }

        transaction.Commit();
        return ChatErrorCode.None;
    });

    public ChatErrorCode RenameGroup(string group, string newName, string user) => Guard(() =>
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        if (FindGroup(group, transaction) is not { } found)
        {
            return ChatErrorCode.UnknownGroup;
        }

        long id = found.Id;
        string owner = found.Owner;
        if (!IsMember(id, user, transaction))
        {
            return ChatErrorCode.NotGroupMember;
        }

        if (!string.Equals(owner, user, StringComparison.Ordinal))
        {
            return ChatErrorCode.NotGroupOwner;
        }

        if (string.Equals(group, newName, StringComparison.Ordinal))
        {
            return ChatErrorCode.None;
        }

        if (FindGroupId(newName, transaction) is not null || GroupKeyTaken(newName, except: group, transaction))
        {
            return ChatErrorCode.GroupExists;
        }

        using (SqliteCommand rename = Command(
            "UPDATE groups SET name = $new WHERE id = $id; UPDATE messages SET group_name = $new WHERE group_id = $id AND state < $delivered;",
            ("$new", newName), ("$id", id), ("$delivered", (int)DeliveryState.Delivered)))
        {
            rename.Transaction = transaction;
            rename.ExecuteNonQuery();
        }

        transaction.Commit();
        return ChatErrorCode.None;
    });

    public IReadOnlyList<GroupEntry>? GroupMembers(string group) => Guard<IReadOnlyList<GroupEntry>?>(() =>
    {
        using SqliteCommand command = Command(
            "SELECT m.user, m.user = g.owner FROM groups g JOIN group_members m ON m.group_id = g.id WHERE g.name = $name ORDER BY m.member_row;",
            ("$name", group));
        var members = new List<GroupEntry>();
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                members.Add(new GroupEntry(reader.GetString(0), reader.GetBoolean(1), 0));
            }
        }

        // Every group has at least one member (the last one out dissolves it), so an empty answer means no such group.
        return members.Count == 0 ? null : members;
    });

    public IReadOnlyList<GroupEntry> GroupsOf(string user) => Guard<IReadOnlyList<GroupEntry>>(() =>
    {
        using SqliteCommand command = Command(
            """
            SELECT g.name, g.owner = $user, (SELECT COUNT(*) FROM group_members c WHERE c.group_id = g.id)
            FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user = $user ORDER BY g.name;
            """,
            ("$user", user));
        var groups = new List<GroupEntry>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            groups.Add(new GroupEntry(reader.GetString(0), reader.GetBoolean(1), (ushort)reader.GetInt32(2)));
        }

        return groups;
    });

    public IReadOnlyList<string> GroupPeers(string user) => Guard<IReadOnlyList<string>>(() =>
    {
        using SqliteCommand command = Command(
            """
            SELECT DISTINCT peer.user FROM group_members mine JOIN group_members peer ON peer.group_id = mine.group_id
            WHERE mine.user = $user AND peer.user <> $user ORDER BY peer.user;
            """,
            ("$user", user));
        return ReadNames(command);
    });

    public GroupCommitOutcome CommitToGroup(Guid messageId, string group, string sender, string text, Instant committedAt) => Guard(() =>
    {
        byte[] id = IdBytes(messageId);
        using SqliteTransaction transaction = _connection.BeginTransaction();
        using (SqliteCommand existing = Command("SELECT sender, group_seq, committed_at FROM group_messages WHERE message_id = $id;", ("$id", id)))
        {
            existing.Transaction = transaction;
            using SqliteDataReader reader = existing.ExecuteReader();
            if (reader.Read())
            {
                return new GroupCommitOutcome(ChatErrorCode.None, reader.GetString(0), (ulong)reader.GetInt64(1), Instant.FromUnixTimeMilliseconds(reader.GetInt64(2)), [], WasDuplicate: true);
            }
        }

        if (FindGroupId(group, transaction) is not { } groupId)
        {
            return GroupCommitOutcome.Refused(ChatErrorCode.UnknownGroup);
        }

        if (!IsMember(groupId, sender, transaction))
        {
            return GroupCommitOutcome.Refused(ChatErrorCode.NotGroupMember);
        }

        long sequence;
        using (SqliteCommand next = Command("UPDATE groups SET last_seq = last_seq + 1 WHERE id = $id RETURNING last_seq;", ("$id", groupId)))
        {
            next.Transaction = transaction;
            sequence = (long)next.ExecuteScalar()!;
        }

        List<string> recipients;
        using (SqliteCommand members = Command("SELECT user FROM group_members WHERE group_id = $id AND user <> $sender ORDER BY member_row;", ("$id", groupId), ("$sender", sender)))
        {
            members.Transaction = transaction;
            recipients = ReadNames(members);
        }

        long millis = committedAt.ToUnixTimeMilliseconds();
        using (SqliteCommand log = Command(
            "INSERT INTO group_messages (message_id, group_id, group_seq, sender, committed_at, members, body) VALUES ($id, $group, $seq, $sender, $at, $members, $body);",
            ("$id", id), ("$group", groupId), ("$seq", sequence), ("$sender", sender), ("$at", millis), ("$members", recipients.Count), ("$body", text)))
        {
            log.Transaction = transaction;
            log.ExecuteNonQuery();
        }

        using (SqliteCommand copy = Command(
            $"""
            INSERT INTO messages (message_id, sender, recipient, inbox_seq, body, committed_at, state, state_at, sender_notified_state, group_id, group_name, group_seq, group_message_id)
            VALUES ($copy, $sender, $recipient, {NextLogSequenceSql("$recipient")}, $body, $at, $sent, $at, $read, $group, $name, $seq, $id);
            """,
            ("$copy", Array.Empty<byte>()), ("$sender", sender), ("$recipient", string.Empty), ("$body", text), ("$at", millis), ("$sent", (int)DeliveryState.Sent),
            ("$read", (int)DeliveryState.Read), ("$group", groupId), ("$name", group), ("$seq", sequence), ("$id", id)))
        {
            copy.Transaction = transaction;
            foreach (string recipient in recipients)
            {
                copy.Parameters["$copy"].Value = IdBytes(GroupCopyId.For(messageId, recipient));
                copy.Parameters["$recipient"].Value = recipient;
                copy.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        return new GroupCommitOutcome(ChatErrorCode.None, sender, (ulong)sequence, Instant.FromUnixTimeMilliseconds(millis), recipients, WasDuplicate: false);
    });

    public GroupProgress? GroupProgress(Guid messageId) => Guard(() =>
    {
        using SqliteCommand command = Command($"{ProgressSelect} WHERE g.message_id = $id;", ("$id", IdBytes(messageId)), ("$delivered", (int)DeliveryState.Delivered), ("$read", (int)DeliveryState.Read));
        List<GroupProgress> found = ReadProgress(command);
        return found.Count == 0 ? null : found[0];
    });

    public void MarkGroupSenderNotified(Guid messageId, int progress) => Relaxed(() =>
    {
        using SqliteCommand update = Command(
            "UPDATE group_messages SET notified_progress = $progress WHERE message_id = $id AND notified_progress < $progress;",
            ("$progress", progress), ("$id", IdBytes(messageId)));
        return update.ExecuteNonQuery();
    });

    public IReadOnlyList<GroupProgress> UnnotifiedGroupReceipts(string sender, int limit) => Guard<IReadOnlyList<GroupProgress>>(() =>
    {
        // Messages whose counts the sender acknowledged in full (everyone read them) are skipped without counting.
        using SqliteCommand command = Command(
            $"SELECT * FROM ({ProgressSelect} WHERE g.sender = $sender AND g.notified_progress < 2 * g.members ORDER BY g.row_id) WHERE delivered + read > notified LIMIT $limit;",
            ("$sender", sender), ("$limit", limit), ("$delivered", (int)DeliveryState.Delivered), ("$read", (int)DeliveryState.Read));
        return ReadProgress(command);
    });

    private const string ProgressSelect = """
        SELECT g.message_id, g.sender, g.group_seq, g.members,
            (SELECT COUNT(*) FROM messages m WHERE m.group_message_id = g.message_id AND m.state >= $delivered) AS delivered,
            (SELECT COUNT(*) FROM messages m WHERE m.group_message_id = g.message_id AND m.state >= $read) AS read,
            g.notified_progress AS notified, g.committed_at
        FROM group_messages g
        """;

    private static List<GroupProgress> ReadProgress(SqliteCommand command)
    {
        var found = new List<GroupProgress>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            found.Add(new GroupProgress(
                new Guid((byte[])reader[0], bigEndian: true), reader.GetString(1), (ulong)reader.GetInt64(2), reader.GetInt32(3),
                reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), Instant.FromUnixTimeMilliseconds(reader.GetInt64(7))));
        }

        return found;
    }

    /// <summary>The group columns of a message row from <paramref name="first"/> on (name, sequence, group message id), or null for a 1:1 message.</summary>
    private static GroupTag? ReadGroupTag(SqliteDataReader reader, int first) =>
        reader.IsDBNull(first + 2)
            ? null
            : new GroupTag(reader.GetString(first), (ulong)reader.GetInt64(first + 1), new Guid((byte[])reader[first + 2], bigEndian: true));

    /// <summary>The group named <paramref name="group"/>, or null when there is none.</summary>
    private GroupRow? FindGroup(string group, SqliteTransaction transaction)
    {
        using SqliteCommand command = Command("SELECT id, owner, invite_hash FROM groups WHERE name = $name;", ("$name", group));
        command.Transaction = transaction;
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? new GroupRow(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : (byte[])reader[2]) : null;
    }

    private long? FindGroupId(string group, SqliteTransaction transaction) => FindGroup(group, transaction)?.Id;

    private bool IsMember(long groupId, string user, SqliteTransaction transaction)
    {
        using SqliteCommand command = Command("SELECT 1 FROM group_members WHERE group_id = $id AND user = $user;", ("$id", groupId), ("$user", user));
        command.Transaction = transaction;
        return command.ExecuteScalar() is not null;
    }

    private long CountMembers(long groupId, SqliteTransaction transaction)
    {
        using SqliteCommand command = Command("SELECT COUNT(*) FROM group_members WHERE group_id = $id;", ("$id", groupId));
        command.Transaction = transaction;
        return (long)command.ExecuteScalar()!;
    }

    private long CountGroupsOf(string user, SqliteTransaction transaction)
    {
        using SqliteCommand command = Command("SELECT COUNT(*) FROM group_members WHERE user = $user;", ("$user", user));
        command.Transaction = transaction;
        return (long)command.ExecuteScalar()!;
    }

    private void AddMember(long groupId, string user, long joinedAtMillis, SqliteTransaction transaction)
    {
        using SqliteCommand command = Command("INSERT INTO group_members (group_id, user, joined_at) VALUES ($id, $user, $at);", ("$id", groupId), ("$user", user), ("$at", joinedAtMillis));
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    /// <summary>A row of <c>groups</c> as membership changes need it; the invite hash is null for an open group.</summary>
    private sealed record GroupRow(long Id, string Owner, byte[]? InviteHash);
}
