using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UdpSuite.Client.AddressBook;

/// <summary>
/// Changes a <c>contacts.json</c> on disk the way a careful hand would: reads it as JSON, changes only the entries
/// concerned (every other field, known or not, stays as it was), writes the result to a temporary file in the same
/// directory and renames it over the original, so a crash or a full disk never leaves half a file. The personal
/// address book made at first run is created the same way.
/// </summary>
public static class AddressBookFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Creates the personal address book at <paramref name="path"/> (its directory too, 0700): who I am, the chat
    /// server, no contacts. An existing file is never overwritten: false when one is there already, for example made
    /// a moment ago by a second client started in the same home (two terminals of one person), which then uses it.
    /// </summary>
    public static bool TryCreatePersonal(string path, string user, string chatServer)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            return false;
        }

        var root = new JsonObject
        {
            ["me"] = new JsonObject { ["user"] = user },
            ["servers"] = new JsonObject { ["chat"] = chatServer },
            ["contacts"] = new JsonObject(),
        };
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return Write(path, root, overwrite: false);
    }

    /// <summary>Adds (or, for an existing display name, replaces the account and note of) a contact.</summary>
    public static void AddContact(string path, string displayName, string account, string note)
    {
        Change(path, root =>
        {
            JsonObject contacts = ContactsOf(root);
            JsonObject entry = contacts[displayName] as JsonObject ?? [];
            entry["account"] = account;
            if (note.Length > 0)
            {
                entry["note"] = note;
            }

            contacts[displayName] = entry;
        });
    }

    /// <summary>Removes the contact shown as <paramref name="displayName"/> (and its place in the file's groups).</summary>
    public static void RemoveContact(string path, string displayName)
    {
        Change(path, root =>
        {
            ContactsOf(root).Remove(displayName);
            foreach (JsonArray members in GroupMemberLists(root))
            {
                for (int i = members.Count - 1; i >= 0; i--)
                {
                    if (members[i]?.GetValueKind() == JsonValueKind.String && members[i]!.GetValue<string>() == displayName)
                    {
                        members.RemoveAt(i);
                    }
                }
            }
        });
    }

    /// <summary>Shows the contact <paramref name="displayName"/> as <paramref name="newName"/> from now on (its fields and groups follow).</summary>
    public static void RenameContact(string path, string displayName, string newName)
    {
        Change(path, root =>
        {
            JsonObject contacts = ContactsOf(root);
            if (contacts[displayName] is not JsonObject entry)
            {
                throw new InvalidOperationException($"{path} has no contact '{displayName}'");
            }

            if (contacts.ContainsKey(newName))
            {
                throw new InvalidOperationException($"{path} already has a contact '{newName}'");
            }

            contacts.Remove(displayName);
            contacts[newName] = entry;
            foreach (JsonArray members in GroupMemberLists(root))
            {
                for (int i = 0; i < members.Count; i++)
                {
                    if (members[i]?.GetValueKind() == JsonValueKind.String && members[i]!.GetValue<string>() == displayName)
                    {
                        members[i] = newName;
                    }
                }
            }
        });
    }

    private static JsonObject ContactsOf(JsonObject root)
    {
        if (root["contacts"] is JsonObject contacts)
        {
            return contacts;
        }

        contacts = [];
        root["contacts"] = contacts;
        return contacts;
    }

    private static List<JsonArray> GroupMemberLists(JsonObject root) =>
        root["groups"] is JsonObject groups
            ? groups.Select(g => g.Value).OfType<JsonObject>().Select(g => g["members"]).OfType<JsonArray>().ToList()
            : [];

    /// <summary>Reads, changes and writes back; the file must exist and be a JSON object (comments and trailing commas are read, not kept).</summary>
    private static void Change(string path, Action<JsonObject> change)
    {
        JsonNode? node = JsonNode.Parse(File.ReadAllText(path, Encoding.UTF8), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (node is not JsonObject root)
        {
            throw new InvalidDataException($"{path}: not a JSON object");
        }

        change(root);
        Write(path, root);
    }

    /// <summary>Temporary file beside the target (same file system), flushed, then renamed over it: readers see the old file or the new one.</summary>
    /// <summary>Writes to a temporary file, then renames it into place; false when <paramref name="overwrite"/> is off and the file exists.</summary>
    private static bool Write(string path, JsonObject root, bool overwrite = true)
    {
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(root.ToJsonString(Indented) + "\n"));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(full))
        {
            return false; // created between the check and the rename: the other writer's file stays
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
