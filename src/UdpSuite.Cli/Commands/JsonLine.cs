using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// How the <c>--json</c> options print: one JSON object per line, non-ASCII text as itself (not <c>\uXXXX</c>),
/// instants as ISO-8601 UTC with milliseconds. Characters that would act on the reader's terminal are escaped
/// (<c>\u001b</c>, <c>\u202e</c>, ...): the values stay exact, and the line is safe to print.
/// </summary>
internal static class JsonLine
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One object whose properties <paramref name="writeProperties"/> writes, as a line (without the newline).</summary>
    public static string Write(Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return EscapeTerminalControls(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>
    /// The relaxed encoder escapes C0 controls but passes the bidi controls through (and this does not rely on it for
    /// DEL, the C1 controls or U+2028/2029).
    /// Outside strings a JSON line is ASCII, so each such character is inside a string, where <c>\uXXXX</c> means the
    /// same character: the value is unchanged, only the printed form is inert.
    /// </summary>
    private static string EscapeTerminalControls(string json)
    {
        if (!TerminalText.NeedsNeutralising(json))
        {
            return json;
        }

        var escaped = new StringBuilder(json.Length + 16);
        foreach (char c in json)
        {
            if (c is (>= '\u007f' and <= '\u009f') or '\u2028' or '\u2029' || TerminalText.IsBidiControl(c))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary><c>2025-01-31T08:30:15.250Z</c>.</summary>
    public static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
