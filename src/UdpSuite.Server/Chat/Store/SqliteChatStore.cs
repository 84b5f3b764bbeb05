using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Protocol.Security.Passwords;
using UdpSuite.Security;

namespace UdpSuite.Server.Chat.Store;

/// <summary>
/// The embedded <see cref="IChatStore"/>: one SQLite file, <c>chat.db</c>, in the data directory, in WAL mode with
/// <c>synchronous=FULL</c>, so an account or message whose write returned survives SIGKILL and power loss.
/// State updates (delivered/read, what the sender acknowledged) are written with <c>synchronous=NORMAL</c>: in WAL
/// mode they too survive a killed process, and a power cut can lose only the last few, which costs a repeated
/// delivery or receipt that clients deduplicate — while saving an fsync per receipt. One connection; every operation
/// holds the store's lock, so the relay's store worker and the calls the relay still makes synchronously (login, group
/// requests, contacts) take turns. Every SQLite failure comes out as <see cref="ChatStoreException"/>
/// naming the file.
/// </summary>
internal sealed partial class SqliteChatStore : IChatStore
{
    /// <summary>File name of the database inside the data directory.</summary>
    public const string FileName = "chat.db";

    private const string MessageColumns = "message_id, sender, recipient, inbox_seq, body, committed_at, state, sender_notified_state, state_at, " + GroupCopyColumns;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private byte[]? _secret;

    private SqliteChatStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens (creating when missing) <c>chat.db</c> in <paramref name="directory"/>, creating the directory too.
    /// The directory is 0700 and the database, its WAL and shared-memory files 0600 whatever the umask
    /// (<see cref="PrivateDatabaseFiles"/>): they hold every account's verifier and every stored message.
    /// Throws <see cref="ChatStoreException"/> saying why when the directory or the file can't be used.
    /// </summary>
    public static SqliteChatStore Open(string directory)
    {
        string path;
        try
        {
            PrivateFiles.EnsureDirectory(directory);
            path = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, FileName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ChatStoreException($"cannot create the data directory '{directory}' of the chat store: {ex.Message}", ex);
        }

        try
        {
            PrivateDatabaseFiles.PrepareBeforeOpen(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ChatStoreException($"cannot create the chat store '{path}' readable by its owner only: {ex.Message}", ex);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // the file is closed when the store is disposed
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            string mode = Convert.ToString(Scalar(connection, "PRAGMA journal_mode=WAL;"), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new ChatStoreException($"chat store '{path}': could not switch to WAL mode (got '{mode}')");
            }

            Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;");
            PrivateDatabaseFiles.RestrictAfterOpen(path);

            // A file whose pages are damaged still opens; find out now rather than at the first commit or delivery.
            string check = Convert.ToString(Scalar(connection, "PRAGMA quick_check(1);"), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            if (!string.Equals(check, "ok", StringComparison.Ordinal))
            {
                throw new ChatStoreException($"chat store '{path}' is corrupt: {check} (restore it from a backup, or move it away to start empty)");
            }

            CreateSchema(connection);
            return new SqliteChatStore(connection, path);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
        {
            // SQLITE_CORRUPT, SQLITE_NOTADB
            connection.Dispose();
            throw new ChatStoreException($"chat store '{path}' is corrupt: {ex.Message} (restore it from a backup, or move it away to start empty)", ex);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new ChatStoreException($"cannot open the chat store '{path}': {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            connection.Dispose();
            throw new ChatStoreException($"cannot restrict the chat store '{path}' to its owner: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public bool TryAddUser(string name, PasswordVerifier verifier, Instant createdAt) => Guard(() =>
    {
        ArgumentNullException.ThrowIfNull(verifier);
        if (UserKeyTaken(name))
        {
            return false; // another account differs only in case or compatibility form: the name is taken
        }

        // A version-1 account (PBKDF2, kdf 'pbkdf2-sha256') cannot log in any more: registering its name replaces it.
        using SqliteCommand command = Command(
            """
            INSERT INTO users (name, salt, iterations, stored_key, server_key, created, kdf, memory_kib)
            VALUES ($name, $salt, $iterations, $stored, $server, $created, 'argon2id', $memory)
            ON CONFLICT (name) DO UPDATE SET salt = excluded.salt, iterations = excluded.iterations, stored_key = excluded.stored_key,
                server_key = excluded.server_key, created = excluded.created, kdf = excluded.kdf, memory_kib = excluded.memory_kib
            WHERE users.kdf <> 'argon2id';
            """,
            ("$name", name), ("$salt", verifier.Salt), ("$iterations", verifier.Parameters.Iterations), ("$stored", verifier.StoredKey),
            ("$server", verifier.ServerKey), ("$created", createdAt.ToUnixTimeMilliseconds()), ("$memory", verifier.Parameters.MemoryKiB));
        return command.ExecuteNonQuery() == 1;
    });

    public StoredAccount? FindUser(string name) => Guard(() =>
    {
        using SqliteCommand command = Command("SELECT salt, iterations, stored_key, server_key, kdf, memory_kib FROM users WHERE name = $name;", ("$name", name));
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        if (!string.Equals(reader.GetString(4), "argon2id", StringComparison.Ordinal))
        {
            return StoredAccount.Legacy;
        }

        var parameters = new Argon2idParameters(reader.GetInt64(5), reader.GetInt64(1), 1);
        return new StoredAccount(new PasswordVerifier((byte[])reader[0], parameters, (byte[])reader[2], (byte[])reader[3]));
    });

    /// <summary>Accounts stored by protocol version 1 (PBKDF2 verifiers): their users must register again.</summary>
    public long LegacyAccountCount() => Guard(() =>
    {
        using SqliteCommand command = Command("SELECT count(*) FROM users WHERE kdf <> 'argon2id';");
        return (long)command.ExecuteScalar()!;
    });

    public byte[] ServerSecret()
    {
        if (_secret is not null)
        {
            return _secret;
        }

        return _secret = Guard(() =>
        {
            using (SqliteCommand insert = Command("INSERT INTO server_secret (id, secret) VALUES (1, $secret) ON CONFLICT (id) DO NOTHING;",
                ("$secret", RandomNumberGenerator.GetBytes(32))))
            {
                insert.ExecuteNonQuery();
            }

            using SqliteCommand select = Command("SELECT secret FROM server_secret WHERE id = 1;");
            return (byte[])select.ExecuteScalar()!;
        });
    }

    public CommitOutcome Commit(Guid messageId, string sender, string recipient, string text, Instant committedAt) =>
        CommitAll([new CommitRequest(messageId, sender, recipient, text, committedAt)])[0];

    /// <summary>All of <paramref name="requests"/> in one transaction: one fsync for the lot, and nothing stored when it fails.</summary>
    public IReadOnlyList<CommitOutcome> CommitAll(IReadOnlyList<CommitRequest> requests) => Guard(() =>
    {
        ArgumentNullException.ThrowIfNull(requests);
        var outcomes = new CommitOutcome[requests.Count];
        using SqliteTransaction transaction = _connection.BeginTransaction();
        for (int i = 0; i < requests.Count; i++)
        {
            outcomes[i] = CommitOne(requests[i], transaction);
        }

        transaction.Commit();
        return outcomes;
    });

    private CommitOutcome CommitOne(CommitRequest request, SqliteTransaction transaction)
    {
        byte[] id = IdBytes(request.MessageId);
        StoredMessage? existing = FindMessage(id, transaction);
        if (existing is not null)
        {
            return new CommitOutcome(existing, WasDuplicate: true);
        }

        long next;
        // The recipient's log sequence: its copies of sent messages share the counter (SqliteChatStore.Devices.cs).
        using (SqliteCommand sequence = Command($"SELECT {NextLogSequenceSql("$recipient")};", ("$recipient", request.Recipient)))
        {
            sequence.Transaction = transaction;
            next = (long)sequence.ExecuteScalar()!;
        }

        long millis = request.CommittedAt.ToUnixTimeMilliseconds();
        using (SqliteCommand insert = Command(
            "INSERT INTO messages (message_id, sender, recipient, inbox_seq, body, committed_at, state, state_at) VALUES ($id, $sender, $recipient, $seq, $body, $at, $state, $at);",
            ("$id", id), ("$sender", request.Sender), ("$recipient", request.Recipient), ("$seq", next), ("$body", request.Text), ("$at", millis),
            ("$state", (int)DeliveryState.Sent)))
        {
            insert.Transaction = transaction;
            insert.ExecuteNonQuery();
        }

        Instant at = Instant.FromUnixTimeMilliseconds(millis);
        var stored = new StoredMessage(request.MessageId, request.Sender, request.Recipient, (ulong)next, request.Text, at, DeliveryState.Sent, DeliveryState.Sending, at);
        return new CommitOutcome(stored, WasDuplicate: false);
    }

    public IReadOnlyList<StoredMessage> Undelivered(string recipient, ulong afterSequence, int limit) => Guard(() =>
    {
        using SqliteCommand command = Command(
            $"SELECT {MessageColumns} FROM messages WHERE recipient = $recipient AND inbox_seq > $after AND state < $delivered ORDER BY inbox_seq LIMIT $limit;",
            ("$recipient", recipient), ("$after", (long)afterSequence), ("$delivered", (int)DeliveryState.Delivered), ("$limit", limit));
        return ReadMessages(command);
    });

    public StoredMessage? AdvanceState(Guid messageId, string recipient, DeliveryState state, Instant changedAt) => Relaxed(() =>
    {
        byte[] id = IdBytes(messageId);
        using SqliteCommand update = Command(
            "UPDATE messages SET state = $state, state_at = $at WHERE message_id = $id AND recipient = $recipient AND state < $state;",
            ("$state", (int)state), ("$at", changedAt.ToUnixTimeMilliseconds()), ("$id", id), ("$recipient", recipient));
        return update.ExecuteNonQuery() == 1 ? FindMessage(id, null) : null;
    });

    public void MarkSenderNotified(Guid messageId, DeliveryState state) => Relaxed(() =>
    {
        using SqliteCommand update = Command(
            "UPDATE messages SET sender_notified_state = $state WHERE message_id = $id AND sender_notified_state < $state;",
            ("$state", (int)state), ("$id", IdBytes(messageId)));
        return update.ExecuteNonQuery();
    });

    public IReadOnlyList<StoredMessage> UnnotifiedReceipts(string sender, int limit) => Guard(() =>
    {
        using SqliteCommand command = Command(
            $"SELECT {MessageColumns} FROM messages WHERE sender = $sender AND state > sender_notified_state ORDER BY row_id LIMIT $limit;",
            ("$sender", sender), ("$limit", limit));
        return ReadMessages(command);
    });

    /// <summary>The connection's current <c>PRAGMA synchronous</c> (2 = FULL between operations), for tests and diagnostics.</summary>
    internal long SynchronousSetting => Guard(() => (long)Scalar(_connection, "PRAGMA synchronous;")!);

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private StoredMessage? FindMessage(byte[] id, SqliteTransaction? transaction)
    {
        using SqliteCommand command = Command($"SELECT {MessageColumns} FROM messages WHERE message_id = $id;", ("$id", id));
        command.Transaction = transaction;
        List<StoredMessage> found = ReadMessages(command);
        return found.Count == 0 ? null : found[0];
    }

    private static List<StoredMessage> ReadMessages(SqliteCommand command)
    {
        var messages = new List<StoredMessage>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            messages.Add(new StoredMessage(
                new Guid((byte[])reader[0], bigEndian: true),
                reader.GetString(1),
                reader.GetString(2),
                (ulong)reader.GetInt64(3),
                reader.GetString(4),
                Instant.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                (DeliveryState)reader.GetInt32(6),
                (DeliveryState)reader.GetInt32(7),
                Instant.FromUnixTimeMilliseconds(reader.GetInt64(8)))
            {
                Group = ReadGroupTag(reader, 9),
            });
        }

        return messages;
    }

    private static byte[] IdBytes(Guid id)
    {
        var bytes = new byte[ChatWire.MessageIdLength];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private T Guard<T>(Func<T> operation)
    {
        try
        {
            lock (_gate)
            {
                return operation();
            }
        }
        catch (SqliteException ex)
        {
            throw new ChatStoreException($"chat store '{Path}': {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new ChatStoreException($"chat store '{Path}': {ex.Message}", ex);
        }
    }

    /// <summary>Runs a state update without waiting for fsync (see the type's remarks), then restores full durability.</summary>
    private T Relaxed<T>(Func<T> operation) => Guard(() =>
    {
        Execute(_connection, "PRAGMA synchronous=NORMAL;");
        try
        {
            return operation();
        }
        finally
        {
            Execute(_connection, "PRAGMA synchronous=FULL;");
        }
    });

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
