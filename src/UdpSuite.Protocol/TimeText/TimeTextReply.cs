using System.Text;

namespace UdpSuite.Protocol.TimeText;

/// <summary>Reads a reply: a time, or an <c>ERR code[: explanation]</c> error (no time reply starts with <c>ERR </c>).</summary>
public static class TimeTextReply
{
    /// <summary>True when <paramref name="reply"/> is an error; gives its code word and explanation (empty when the server had no room for one).</summary>
    public static bool TryReadError(ReadOnlySpan<byte> reply, out string code, out string explanation)
    {
        code = string.Empty;
        explanation = string.Empty;
        if (!reply.StartsWith(TimeTextProtocol.ErrorPrefix))
        {
            return false;
        }

        string rest = Encoding.UTF8.GetString(reply[TimeTextProtocol.ErrorPrefix.Length..]);
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        code = colon < 0 ? rest : rest[..colon];
        explanation = colon < 0 ? string.Empty : rest[(colon + 1)..].TrimStart();
        return true;
    }
}
