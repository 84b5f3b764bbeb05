using Microsoft.Data.Sqlite;
using UdpSuite.Client;
using UdpSuite.Protocol.Chat;
using UdpSuite.Security;
using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui.History;

/// <summary>
/// The local message history of one user in a SQLite file, so conversations survive restarts and can be searched.
/// Outgoing messages are stored before they are handed to the network, with their state (Sending while unsent), so
/// unsent ones are sent again after a restart; incoming ones are stored before they are confirmed, once per id
/// (a message delivered again is ignored). One connection, used from the UI thread only.
/// </summary>
public sealed class ChatHistory : IDisposable
{
    private readonly SqliteConnection _connection;

    /// <summary>
    /// Opens (creating when missing) the history at <paramref name="path"/>. Its directory is 0700 and the database,
    /// its WAL and shared-memory files 0600 whatever the umask (<see cref="PrivateDatabaseFiles"/>): they hold the
    /// user's conversations in clear.
    /// </summary>
    public ChatHistory(string path)
    {
        PrivateDatabaseFiles.PrepareBeforeOpen(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            _connection.Open();
            Execute("""
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS messages (
                    id TEXT PRIMARY KEY, peer TEXT NOT NULL, sender TEXT NOT NULL, text TEXT NOT NULL,
                    time_ms INTEGER NOT NULL, outgoing INTEGER NOT NULL, state INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS messages_by_peer ON messages (peer, time_ms);
                """);
            AddGroupColumn();
            PrivateDatabaseFiles.RestrictAfterOpen(path);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Where <paramref name="user"/>'s history lives: <c>$XDG_DATA_HOME/udpsuite/client</c> (or under <c>~/.local/share</c>),
    /// or, for a history of the layout before the client/server split, where it already is (<see cref="UserDataDirectory"/>).
    /// </summary>
    public static string DefaultPath(string user, Func<string, string?> environment)
    {
        // Hex of the UTF-8 name: any account name becomes a safe, distinct file name.
        string safe = Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(user));
        return UserDataDirectory.ClientFile(environment, $"history-{safe}.db").Path;
    }

    /// <summary>Every stored message, oldest first (in the order stored when the times are equal).</summary>
    internal IReadOnlyList<ConversationMessage> LoadAll() => Query("SELECT id, peer, sender, text, time_ms, outgoing, state, is_group FROM messages ORDER BY time_ms, rowid", null);

    /// <summary>Messages whose text or sender contains <paramref name="text"/> (case-insensitive for ASCII), newest first, at most 200.</summary>
    internal IReadOnlyList<ConversationMessage> Search(string text) =>
        Query("SELECT id, peer, sender, text, time_ms, outgoing, state, is_group FROM messages WHERE instr(lower(text), lower($q)) > 0 OR instr(lower(sender), lower($q)) > 0 ORDER BY time_ms DESC LIMIT 200", text);

    /// <summary>The texts of the last <paramref name="count"/> messages this user sent, oldest first (the input line's Up history).</summary>
    internal IReadOnlyList<string> RecentSentTexts(int count)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT text FROM (SELECT text, time_ms, rowid FROM messages WHERE outgoing = 1 ORDER BY time_ms DESC, rowid DESC LIMIT $n) ORDER BY time_ms, rowid";
        command.Parameters.AddWithValue("$n", count);
        List<string> texts = [];
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    /// <summary>Stores <paramref name="message"/> (committed when this returns); an id already stored is left as it is.</summary>
    internal void Save(ConversationMessage message)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO messages (id, peer, sender, text, time_ms, outgoing, state, is_group) VALUES ($id, $peer, $sender, $text, $time, $outgoing, $state, $group)";
        command.Parameters.AddWithValue("$id", message.Id.ToString());
        command.Parameters.AddWithValue("$peer", message.Peer);
        command.Parameters.AddWithValue("$sender", message.Sender);
        command.Parameters.AddWithValue("$text", message.Text);
        command.Parameters.AddWithValue("$time", message.Time.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$outgoing", message.Outgoing ? 1 : 0);
        command.Parameters.AddWithValue("$state", (int)message.State);
        command.Parameters.AddWithValue("$group", message.IsGroup ? 1 : 0);
        command.ExecuteNonQuery();
    }

    internal void UpdateState(Guid id, DeliveryState state)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "UPDATE messages SET state = $state WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        command.Parameters.AddWithValue("$state", (int)state);
        command.ExecuteNonQuery();
    }

    internal void Delete(Guid id)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM messages WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>
    /// Histories written before group conversations existed lack the column that tells a group's messages from a
    /// person's: it is added (every earlier message was 1:1).
    /// </summary>
    private void AddGroupColumn()
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('messages') WHERE name = 'is_group'";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            Execute("ALTER TABLE messages ADD COLUMN is_group INTEGER NOT NULL DEFAULT 0");
        }
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<ConversationMessage> Query(string sql, string? text)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        if (text is not null)
        {
            command.Parameters.AddWithValue("$q", text);
        }

        List<ConversationMessage> messages = [];
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            var state = (DeliveryState)reader.GetInt32(6);
            messages.Add(new ConversationMessage(
                Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.GetInt32(5) != 0,
                state,
                reader.GetInt32(7) != 0));
        }

        return messages;
    }
}
