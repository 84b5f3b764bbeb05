using Microsoft.Data.Sqlite;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Store;

/// <summary>
/// Uniqueness of names by <see cref="ChatNames.Key"/> (case and compatibility forms folded): a new account or group
/// whose key another one already has is refused as taken, even when the exact names differ. The keys are computed
/// here, in .NET (SQLite has no Unicode normalisation), over the existing names: registrations and group creations are
/// rare and rate-limited, and existing accounts need no migration (two old names sharing a key both keep working).
/// </summary>
internal sealed partial class SqliteChatStore
{
    /// <summary>True when a user other than <paramref name="name"/> itself has <paramref name="name"/>'s key.</summary>
    private bool UserKeyTaken(string name) => KeyTaken("SELECT name FROM users;", name, transaction: null);

    /// <summary>True when a group other than <paramref name="except"/> has <paramref name="name"/>'s key.</summary>
    private bool GroupKeyTaken(string name, string? except, SqliteTransaction transaction) =>
        KeyTaken("SELECT name FROM groups;", name, transaction, except);

    private bool KeyTaken(string sql, string name, SqliteTransaction? transaction, string? except = null)
    {
        string key = ChatNames.Key(name);
        using SqliteCommand command = Command(sql);
        command.Transaction = transaction;
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            string existing = reader.GetString(0);
            if (!string.Equals(existing, name, StringComparison.Ordinal) && !string.Equals(existing, except, StringComparison.Ordinal)
                && string.Equals(ChatNames.Key(existing), key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
