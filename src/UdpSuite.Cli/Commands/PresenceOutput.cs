using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Cli.Commands;

/// <summary>How presence is printed by <c>presence</c> and <c>listen</c>: a text line, or one JSON object per line.</summary>
internal static class PresenceOutput
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The wire state as a word: online, away, offline.</summary>
    public static string StateName(PresenceState state) => state.ToString().ToLowerInvariant();

    /// <summary><c>{"type":"presence","user":...,"state":"online|away|offline","status":...,"at":ISO-8601 UTC,"version":N}</c>.</summary>
    public static string ToJson(ContactPresence presence)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "presence");
            writer.WriteString("user", presence.User);
            writer.WriteString("state", StateName(presence.State));
            writer.WriteString("status", presence.Status);
            writer.WriteString("at", presence.Since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteNumber("version", presence.Version);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary><c>bob away: at lunch</c> (no colon without status text).</summary>
    public static string ToText(ContactPresence presence) =>
        presence.Status.Length == 0 ? $"{presence.User} {StateName(presence.State)}" : $"{presence.User} {StateName(presence.State)}: {presence.Status}";
}
