using Microsoft.Data.Sqlite;
using NodaTime;

namespace UdpSuite.Server.Chat.Store;

/// <summary>The <see cref="IContactStore"/> half of the SQLite store: table <c>contacts</c>, written with full durability.</summary>
internal sealed partial class SqliteChatStore : IContactStore
{
    public bool AddContact(string owner, string contact, Instant addedAt) => Guard(() =>
    {
        using SqliteCommand command = Command(
            "INSERT INTO contacts (owner, contact, added) VALUES ($owner, $contact, $added) ON CONFLICT (owner, contact) DO NOTHING;",
            ("$owner", owner), ("$contact", contact), ("$added", addedAt.ToUnixTimeMilliseconds()));
        return command.ExecuteNonQuery() == 1;
    });

    public bool RemoveContact(string owner, string contact) => Guard(() =>
    {
        using SqliteCommand command = Command("DELETE FROM contacts WHERE owner = $owner AND contact = $contact;", ("$owner", owner), ("$contact", contact));
        return command.ExecuteNonQuery() == 1;
    });

    public IReadOnlyList<string> Contacts(string owner) => Guard(() =>
    {
        using SqliteCommand command = Command("SELECT contact FROM contacts WHERE owner = $owner ORDER BY contact;", ("$owner", owner));
        return ReadNames(command);
    });

    public int ContactCount(string owner) => Guard(() =>
    {
        using SqliteCommand command = Command("SELECT COUNT(*) FROM contacts WHERE owner = $owner;", ("$owner", owner));
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    });

    public IReadOnlyList<string> ContactOwners(string contact) => Guard(() =>
    {
        using SqliteCommand command = Command("SELECT owner FROM contacts WHERE contact = $contact;", ("$contact", contact));
        return ReadNames(command);
    });

    private static List<string> ReadNames(SqliteCommand command)
    {
        var names = new List<string>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
