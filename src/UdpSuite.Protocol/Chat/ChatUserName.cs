using System.Text;

namespace UdpSuite.Protocol.Chat;

/// <summary>Which user names the protocol accepts: 1-64 UTF-8 bytes, no control characters, no surrounding spaces.</summary>
public static class ChatUserName
{
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Trim().Length != name.Length)
        {
            return false;
        }

        int bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > ChatWire.MaxUserNameBytes)
        {
            return false;
        }

        foreach (Rune rune in name.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune == Rune.ReplacementChar)
            {
                return false;
            }
        }

        return true;
    }
}
