using Microsoft.Data.Sqlite;

namespace UdpSuite.Server.Chat.Store;

/// <summary>
/// The store's tables, created when missing each time the store opens. <c>users</c> holds password verifiers (Argon2id; rows from protocol version 1 keep <c>kdf</c> = PBKDF2 and must register again);
/// <c>messages</c> every 1:1 message and every member's copy of a group message (the group columns are null for 1:1
/// messages); <c>groups</c>, <c>group_members</c> (rowid = join order) and <c>group_messages</c> (the group's log: id,
/// group sequence, sender, member count at commit, what the sender acknowledged, the text); <c>contacts</c> each user's list;
/// <c>device_cursors</c>, <c>sent_copies</c> and <c>presence_choice</c> for several sessions per user (SqliteChatStore.Devices.cs).
/// Databases made before groups get the group columns of <c>messages</c> added.
/// </summary>
internal sealed partial class SqliteChatStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS users (
            name TEXT PRIMARY KEY,
            salt BLOB NOT NULL,
            iterations INTEGER NOT NULL,
            stored_key BLOB NOT NULL,
            server_key BLOB NOT NULL,
            created INTEGER NOT NULL,
            kdf TEXT NOT NULL DEFAULT 'pbkdf2-sha256',
            memory_kib INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS messages (
            row_id INTEGER PRIMARY KEY,
            message_id BLOB NOT NULL UNIQUE,
            sender TEXT NOT NULL,
            recipient TEXT NOT NULL,
            inbox_seq INTEGER NOT NULL,
            body TEXT NOT NULL,
            committed_at INTEGER NOT NULL,
            state INTEGER NOT NULL,
            state_at INTEGER NOT NULL,
            sender_notified_state INTEGER NOT NULL DEFAULT 0,
            UNIQUE (recipient, inbox_seq));
        CREATE INDEX IF NOT EXISTS messages_by_sender ON messages (sender, row_id);
        CREATE TABLE IF NOT EXISTS server_secret (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            secret BLOB NOT NULL);
        """;

    private const string GroupSchema = """
        CREATE TABLE IF NOT EXISTS groups (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            owner TEXT NOT NULL,
            invite_hash BLOB,
            created INTEGER NOT NULL,
            last_seq INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS group_members (
            member_row INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL,
            user TEXT NOT NULL,
            joined_at INTEGER NOT NULL,
            UNIQUE (group_id, user));
        CREATE INDEX IF NOT EXISTS group_members_by_user ON group_members (user);
        CREATE TABLE IF NOT EXISTS group_messages (
            row_id INTEGER PRIMARY KEY,
            message_id BLOB NOT NULL UNIQUE,
            group_id INTEGER NOT NULL,
            group_seq INTEGER NOT NULL,
            sender TEXT NOT NULL,
            committed_at INTEGER NOT NULL,
            members INTEGER NOT NULL,
            notified_progress INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS group_messages_by_sender ON group_messages (sender, row_id);
        """;

    /// <summary>The group columns of <c>messages</c> (a member's copy of a group message), added to databases from before groups.</summary>
    private static readonly (string Column, string Type)[] GroupCopyColumnTypes =
        [("group_id", "INTEGER"), ("group_name", "TEXT"), ("group_seq", "INTEGER"), ("group_message_id", "BLOB")];

    private const string GroupCopyIndexes = """
        CREATE INDEX IF NOT EXISTS messages_by_group_message ON messages (group_message_id) WHERE group_message_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS messages_by_group ON messages (group_id) WHERE group_id IS NOT NULL;
        """;

    private const string ContactsSchema = """
        CREATE TABLE IF NOT EXISTS contacts (
            owner TEXT NOT NULL REFERENCES users (name),
            contact TEXT NOT NULL REFERENCES users (name),
            added INTEGER NOT NULL,
            PRIMARY KEY (owner, contact)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS contacts_by_contact ON contacts (contact, owner);
        """;

    /// <summary>Columns of <c>users</c> added by protocol version 2 (Argon2id); version-1 rows keep the PBKDF2 default.</summary>
    private static readonly (string Column, string Type)[] PasswordHashColumnTypes =
        [("kdf", "TEXT NOT NULL DEFAULT 'pbkdf2-sha256'"), ("memory_kib", "INTEGER NOT NULL DEFAULT 0")];

    private static void CreateSchema(SqliteConnection connection)
    {
        Execute(connection, Schema);
        AddMissingColumns(connection, "users", PasswordHashColumnTypes);
        Execute(connection, GroupSchema);
        AddMissingColumns(connection, "messages", GroupCopyColumnTypes);
        Execute(connection, GroupCopyIndexes);
        Execute(connection, ContactsSchema);
        CreateDeviceSchema(connection);
    }

    private static void AddMissingColumns(SqliteConnection connection, string table, (string Column, string Type)[] wanted)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        using (SqliteCommand info = connection.CreateCommand())
        {
            info.CommandText = $"PRAGMA table_info({table});";
            using SqliteDataReader reader = info.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(1));
            }
        }

        foreach ((string column, string type) in wanted)
        {
            if (!columns.Contains(column))
            {
                Execute(connection, $"ALTER TABLE {table} ADD COLUMN {column} {type};");
            }
        }
    }
}
