using Microsoft.Data.Sqlite;
using NodaTime;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Store;

/// <summary>
/// The user's log and device cursors in SQLite (see <see cref="IDeviceLogStore"/>). A message to the user is its row of
/// <c>messages</c> (its <c>inbox_seq</c> is the log sequence); a copy of a message from the user is a row of
/// <c>sent_copies</c> pointing at the message (1:1) or at <c>group_messages</c> (group post). Both take their numbers
/// from one counter per user (<see cref="NextLogSequenceSql"/>), so a device sees incoming and outgoing messages in commit order.
/// </summary>
internal sealed partial class SqliteChatStore : IDeviceLogStore
{
    private const string DeviceSchema = """
        CREATE TABLE IF NOT EXISTS device_cursors (
            user TEXT NOT NULL,
            device_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            cursor INTEGER NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            PRIMARY KEY (user, device_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS sent_copies (
            owner TEXT NOT NULL,
            log_seq INTEGER NOT NULL,
            message_id BLOB NOT NULL,
            is_group INTEGER NOT NULL,
            origin_device INTEGER NOT NULL,
            committed_at INTEGER NOT NULL,
            PRIMARY KEY (owner, log_seq),
            UNIQUE (owner, message_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS presence_choice (
            user TEXT PRIMARY KEY,
            state INTEGER NOT NULL,
            status TEXT NOT NULL,
            version INTEGER NOT NULL,
            changed_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS messages_read_by_recipient ON messages (recipient, state_at) WHERE state = 3;
        CREATE INDEX IF NOT EXISTS messages_by_recipient_group ON messages (recipient, group_id, group_seq) WHERE group_id IS NOT NULL;
        """;

    /// <summary>Columns added for sessions: the text of a group post on its log row (history and the sender's copies need it; older rows fall back to a member's copy).</summary>
    private static readonly (string Column, string Type)[] GroupMessageBodyColumn = [("body", "TEXT")];

    /// <summary>Name shown for a group that no longer exists and left no copy naming it.</summary>
    private const string DissolvedGroupName = "(dissolved group)";

    private const string PostBodySql = "COALESCE(g.body, (SELECT x.body FROM messages x WHERE x.group_message_id = g.message_id LIMIT 1), '')";

    /// <summary>The next log sequence of the user named by parameter <paramref name="user"/>: one above both its messages and its copies.</summary>
    private static string NextLogSequenceSql(string user) =>
        $"(SELECT MAX(COALESCE((SELECT MAX(inbox_seq) FROM messages WHERE recipient = {user}), 0), COALESCE((SELECT MAX(log_seq) FROM sent_copies WHERE owner = {user}), 0)) + 1)";

    private static void CreateDeviceSchema(SqliteConnection connection)
    {
        Execute(connection, DeviceSchema);
        AddMissingColumns(connection, "group_messages", GroupMessageBodyColumn);
    }

    public DeviceCursor OpenDevice(string user, ulong deviceId, string name, Instant at) => Guard(() =>
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        using (SqliteCommand find = Command("SELECT name, cursor, first_seen, last_seen FROM device_cursors WHERE user = $user AND device_id = $device;",
            ("$user", user), ("$device", unchecked((long)deviceId))))
        {
            find.Transaction = transaction;
            using SqliteDataReader reader = find.ExecuteReader();
            if (reader.Read())
            {
                var known = new DeviceCursor(deviceId, name, (ulong)reader.GetInt64(1), Instant.FromUnixTimeMilliseconds(reader.GetInt64(2)), Instant.FromUnixTimeMilliseconds(reader.GetInt64(3)));
                bool renamed = !string.Equals(reader.GetString(0), name, StringComparison.Ordinal);
                reader.Close();
                if (renamed)
                {
                    using SqliteCommand rename = Command("UPDATE device_cursors SET name = $name WHERE user = $user AND device_id = $device;",
                        ("$name", name), ("$user", user), ("$device", unchecked((long)deviceId)));
                    rename.Transaction = transaction;
                    rename.ExecuteNonQuery();
                }

                transaction.Commit();
                return known;
            }
        }

        // A new device starts below the first message no device has confirmed; older entries are history.
        long start;
        using (SqliteCommand first = Command(
            $"SELECT COALESCE((SELECT MIN(inbox_seq) FROM messages WHERE recipient = $user AND state < $delivered), {NextLogSequenceSql("$user")}) - 1;",
            ("$user", user), ("$delivered", (int)DeliveryState.Delivered)))
        {
            first.Transaction = transaction;
            start = (long)first.ExecuteScalar()!;
        }

        long millis = at.ToUnixTimeMilliseconds();
        using (SqliteCommand insert = Command(
            "INSERT INTO device_cursors (user, device_id, name, cursor, first_seen, last_seen) VALUES ($user, $device, $name, $cursor, $at, $at);",
            ("$user", user), ("$device", unchecked((long)deviceId)), ("$name", name), ("$cursor", start), ("$at", millis)))
        {
            insert.Transaction = transaction;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        Instant seen = Instant.FromUnixTimeMilliseconds(millis);
        return new DeviceCursor(deviceId, name, (ulong)start, seen, seen);
    });

    public void AdvanceDevice(string user, ulong deviceId, ulong confirmedThrough, Instant at) => Relaxed(() =>
    {
        using SqliteCommand update = Command(
            "UPDATE device_cursors SET cursor = MAX(cursor, $cursor), last_seen = MAX(last_seen, $at) WHERE user = $user AND device_id = $device;",
            ("$cursor", (long)confirmedThrough), ("$at", at.ToUnixTimeMilliseconds()), ("$user", user), ("$device", unchecked((long)deviceId)));
        return update.ExecuteNonQuery();
    });

    public void TouchDevice(string user, ulong deviceId, Instant at) => Relaxed(() =>
    {
        using SqliteCommand update = Command(
            "UPDATE device_cursors SET last_seen = MAX(last_seen, $at) WHERE user = $user AND device_id = $device;",
            ("$at", at.ToUnixTimeMilliseconds()), ("$user", user), ("$device", unchecked((long)deviceId)));
        return update.ExecuteNonQuery();
    });

    public ulong AppendCopy(string owner, Guid messageId, bool isGroup, ulong originDevice, Instant at) => Guard(() =>
    {
        byte[] id = IdBytes(messageId);
        using SqliteTransaction transaction = _connection.BeginTransaction();
        using (SqliteCommand existing = Command("SELECT log_seq FROM sent_copies WHERE owner = $owner AND message_id = $id;", ("$owner", owner), ("$id", id)))
        {
            existing.Transaction = transaction;
            if (existing.ExecuteScalar() is long known)
            {
                return (ulong)known;
            }
        }

        // Only a message the owner sent, and not one to itself (that one is in the log already, as incoming).
        string check = isGroup
            ? "SELECT COUNT(*) FROM group_messages WHERE message_id = $id AND sender = $owner;"
            : "SELECT COUNT(*) FROM messages WHERE message_id = $id AND sender = $owner AND recipient <> $owner AND group_id IS NULL;";
        using (SqliteCommand sent = Command(check, ("$id", id), ("$owner", owner)))
        {
            sent.Transaction = transaction;
            if ((long)sent.ExecuteScalar()! == 0)
            {
                return 0UL;
            }
        }

        long sequence;
        using (SqliteCommand insert = Command(
            $"INSERT INTO sent_copies (owner, log_seq, message_id, is_group, origin_device, committed_at) VALUES ($owner, {NextLogSequenceSql("$owner")}, $id, $group, $origin, $at) RETURNING log_seq;",
            ("$owner", owner), ("$id", id), ("$group", isGroup ? 1 : 0), ("$origin", unchecked((long)originDevice)), ("$at", at.ToUnixTimeMilliseconds())))
        {
            insert.Transaction = transaction;
            sequence = (long)insert.ExecuteScalar()!;
        }

        transaction.Commit();
        return (ulong)sequence;
    });

    public IReadOnlyList<LogEntry> LogAfter(string user, ulong afterSequence, int limit) => Guard<IReadOnlyList<LogEntry>>(() =>
    {
        using SqliteCommand command = Command(
            $"""
            SELECT * FROM (
                SELECT inbox_seq AS seq, 0 AS kind, 0 AS origin, message_id, sender, recipient, body, committed_at, state, sender_notified_state, state_at,
                    group_name, group_seq, group_message_id
                FROM messages WHERE recipient = $user AND inbox_seq > $after
                UNION ALL
                SELECT c.log_seq, 1, c.origin_device, m.message_id, m.sender, m.recipient, m.body, m.committed_at, m.state, m.sender_notified_state, m.state_at,
                    NULL, NULL, NULL
                FROM sent_copies c JOIN messages m ON m.message_id = c.message_id WHERE c.owner = $user AND c.log_seq > $after AND c.is_group = 0
                UNION ALL
                SELECT c.log_seq, 2, c.origin_device, g.message_id, g.sender, g.sender, {PostBodySql}, g.committed_at, $sent, $read, g.committed_at,
                    COALESCE(gr.name, (SELECT x.group_name FROM messages x WHERE x.group_message_id = g.message_id LIMIT 1), $dissolved), g.group_seq, g.message_id
                FROM sent_copies c JOIN group_messages g ON g.message_id = c.message_id LEFT JOIN groups gr ON gr.id = g.group_id
                WHERE c.owner = $user AND c.log_seq > $after AND c.is_group = 1)
            ORDER BY seq LIMIT $limit;
            """,
            ("$user", user), ("$after", (long)afterSequence), ("$limit", limit), ("$sent", (int)DeliveryState.Sent), ("$read", (int)DeliveryState.Read),
            ("$dissolved", DissolvedGroupName));
        var entries = new List<LogEntry>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            ulong sequence = (ulong)reader.GetInt64(0);
            int kind = reader.GetInt32(1);
            ulong origin = unchecked((ulong)reader.GetInt64(2));
            var message = new StoredMessage(
                new Guid((byte[])reader[3], bigEndian: true),
                reader.GetString(4),
                reader.GetString(5),
                sequence,
                reader.GetString(6),
                Instant.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                (DeliveryState)reader.GetInt32(8),
                (DeliveryState)reader.GetInt32(9),
                Instant.FromUnixTimeMilliseconds(reader.GetInt64(10)))
            {
                Group = ReadGroupTag(reader, 11),
            };
            if (kind == 2)
            {
                // The sender's copy of its group post: named as a member's copy would be, so one id scheme serves both.
                message = message with { MessageId = GroupCopyId.For(message.Group!.MessageId, user) };
            }

            entries.Add(new LogEntry(sequence, message, kind != 0, origin));
        }

        return entries;
    });

    public ulong LogHead(string user) => Guard(() =>
    {
        using SqliteCommand command = Command($"SELECT {NextLogSequenceSql("$user")} - 1;", ("$user", user));
        return (ulong)(long)command.ExecuteScalar()!;
    });

    public IReadOnlyList<StoredMessage> ReadSince(string user, Instant since, int limit) => Guard<IReadOnlyList<StoredMessage>>(() =>
    {
        using SqliteCommand command = Command(
            $"SELECT {MessageColumns} FROM messages WHERE recipient = $user AND state = $read AND state_at > $since ORDER BY state_at DESC LIMIT $limit;",
            ("$user", user), ("$read", (int)DeliveryState.Read), ("$since", since.ToUnixTimeMilliseconds()), ("$limit", limit));
        return ReadMessages(command);
    });

    public void SavePresenceChoice(string user, PresenceChoice choice) => Guard(() =>
    {
        ArgumentNullException.ThrowIfNull(choice);
        using SqliteCommand upsert = Command(
            """
            INSERT INTO presence_choice (user, state, status, version, changed_at) VALUES ($user, $state, $status, $version, $at)
            ON CONFLICT (user) DO UPDATE SET state = excluded.state, status = excluded.status, version = excluded.version, changed_at = excluded.changed_at;
            """,
            ("$user", user), ("$state", (int)choice.State), ("$status", choice.Status), ("$version", unchecked((long)choice.Version)),
            ("$at", choice.ChangedAt.ToUnixTimeMilliseconds()));
        return upsert.ExecuteNonQuery();
    });

    public PresenceChoice? LoadPresenceChoice(string user) => Guard(() =>
    {
        using SqliteCommand command = Command("SELECT state, status, version, changed_at FROM presence_choice WHERE user = $user;", ("$user", user));
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read()
            ? new PresenceChoice((PresenceState)reader.GetInt32(0), reader.GetString(1), unchecked((ulong)reader.GetInt64(2)), Instant.FromUnixTimeMilliseconds(reader.GetInt64(3)))
            : null;
    });
}
