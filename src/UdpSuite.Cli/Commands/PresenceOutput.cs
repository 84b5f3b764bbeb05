using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Cli.Commands;

/// <summary>How presence is printed by <c>presence</c> and <c>listen</c>: a text line, or one JSON object per line.</summary>
internal static class PresenceOutput
{
    /// <summary>The wire state as a word: online, away, offline.</summary>
    public static string StateName(PresenceState state) => state.ToString().ToLowerInvariant();

    /// <summary><c>{"type":"presence","user":...,"state":"online|away|offline","status":...,"at":ISO-8601 UTC,"version":N}</c>.</summary>
    public static string ToJson(ContactPresence presence)
    {
        return JsonLine.Write(writer =>
        {
            writer.WriteString("type", "presence");
            writer.WriteString("user", presence.User);
            writer.WriteString("state", StateName(presence.State));
            writer.WriteString("status", presence.Status);
            writer.WriteString("at", JsonLine.Timestamp(presence.Since));
            writer.WriteNumber("version", presence.Version);
        });
    }

    /// <summary><c>bob away: at lunch</c> (no colon without status text); name and status neutralised (<see cref="TerminalText"/>).</summary>
    public static string ToText(ContactPresence presence) => presence.Status.Length == 0
        ? $"{TerminalText.Neutralise(presence.User)} {StateName(presence.State)}"
        : $"{TerminalText.Neutralise(presence.User)} {StateName(presence.State)}: {TerminalText.Neutralise(presence.Status)}";
}
